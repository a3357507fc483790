"""Signed links of a registration: confirmation of the address (expires) and management (cancel)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "registrations.confirm"
MANAGE_SALT = "registrations.manage"


def make_confirm_token(key: str) -> str:
    return signing.dumps(str(key), salt=CONFIRM_SALT, compress=False)


def make_manage_token(key: str) -> str:
    return signing.dumps(str(key), salt=MANAGE_SALT, compress=False)


def read_confirm_token(token: str) -> str:
    """The registration key; raises signing.SignatureExpired or signing.BadSignature."""
    max_age = settings.MAILLAGE_REGISTRATIONS["UNCONFIRMED_HOURS"] * 3600
    return signing.loads(token[:500], salt=CONFIRM_SALT, max_age=max_age)


def read_manage_token(token: str) -> str:
    return signing.loads(token[:500], salt=MANAGE_SALT)
