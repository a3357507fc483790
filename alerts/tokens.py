"""Signed links: confirmation (expires) and unsubscription (valid as long as the subscription exists)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "alerts.confirm"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"


def confirm_max_age() -> int:
    return settings.MAILLAGE_ALERTS["UNCONFIRMED_DAYS"] * 86400


def make_confirm_token(key: str) -> str:
    return signing.dumps(str(key), salt=CONFIRM_SALT, compress=False)


def make_unsubscribe_token(key: str) -> str:
    return signing.dumps(str(key), salt=UNSUBSCRIBE_SALT, compress=False)


def read_confirm_token(token: str) -> str:
    """The subscription key; raises signing.SignatureExpired or signing.BadSignature."""
    return signing.loads(token[:500], salt=CONFIRM_SALT, max_age=confirm_max_age())


def read_unsubscribe_token(token: str) -> str:
    return signing.loads(token[:500], salt=UNSUBSCRIBE_SALT)
