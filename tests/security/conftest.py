"""Fixtures for the security tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def production_like(settings):
    """The request-handling settings of config.settings.production (DEBUG off, HTTPS enforced behind the
    proxy), applied to the test settings so that the test client answers as the production site does."""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["maillage.example.org"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    return settings
