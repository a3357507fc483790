"""Local development: the embedded default unless the environment names services."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)  # `make run` sets DEBUG=0 unless asked (`make run DEBUG=1`)
# Static files straight from the apps' folders, DEBUG on or off (no collectstatic on the embedded default).
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (WhiteNoise warns about a missing folder)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-maillage")
# Mails (alert confirmations and digests) are printed unless an SMTP server is configured (EMAIL_HOST…).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
