"""Two-factor authentication of editors: TOTP devices of django-otp, enrolled from the admin's account menu.

Who must give a code: anyone who enrolled a device (confirmed), at every login. Who must enrol: the members of the
groups named in MAILLAGE_2FA_GROUPS (Paramètres › Groupes), before they may use anything else in the admin.
"""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Application d'authentification"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def must_enrol(user) -> bool:
    groups = settings.MAILLAGE_2FA_GROUPS
    return (
        bool(groups)
        and user.groups.filter(name__in=groups).exists()
        and confirmed_device(user) is None
    )


def pending_device(user) -> TOTPDevice:
    """The user's device being enrolled (a new secret until it is confirmed by a code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address of `device` as an inline SVG QR code, drawn here (no outside service)."""
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2
    )
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


def secret_text(device: TOTPDevice) -> str:
    """The secret in base 32, in groups of four, for typing it by hand."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
