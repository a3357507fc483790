"""Fixtures for the security tests."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

import pytest

from tests.helpers.environment import PROJECT_ROOT

REQUEST_SETTINGS = (
    "DEBUG",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "MIDDLEWARE",
)


@pytest.fixture(scope="session")
def production_settings() -> dict:
    """The request-handling values of config.settings.production, read in a child process (the module
    refuses to load without a production environment)."""
    code = (
        "import json, config.settings.production as p; "
        f"print(json.dumps({{n: getattr(p, n) for n in {REQUEST_SETTINGS!r} if hasattr(p, n)}}))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECURE_SSL_REDIRECT")}
    env.update(SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="maillage.example.org")
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def production_like(settings, production_settings):
    """The test settings answering requests as config.settings.production does (DEBUG off, HTTPS enforced
    behind the proxy, its middleware), for the public host maillage.example.org."""
    for name, value in production_settings.items():
        setattr(
            settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" and value else value
        )
    assert settings.DEBUG is False and settings.SECURE_SSL_REDIRECT is True
    settings.ALLOWED_HOSTS = ["maillage.example.org"]
    return settings
