"""Local development: the embedded default unless the environment names services."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-maillage")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
