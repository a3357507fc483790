"""Production settings refuse unsafe values; deploy checks pass; admin behind login; CSRF; headers."""

from __future__ import annotations

import secrets

import pytest
from django.test import Client

from tests.helpers.production import manage


def test_production_refuses_a_missing_or_default_secret_key_and_debug():
    missing = manage("check")
    assert missing.returncode != 0 and "SECRET_KEY doit être défini" in missing.stderr
    default = manage("check", SECRET_KEY="dev-only-not-secret-maillage")
    assert default.returncode != 0
    debug = manage("check", SECRET_KEY=secrets.token_urlsafe(50), DEBUG="1")
    assert debug.returncode != 0 and "DEBUG doit être désactivé" in debug.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="maillage.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_admin_requires_login_and_forms_require_csrf(admin_user):
    client = Client(enforce_csrf_checks=True)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    forged = client.post("/admin/login/", {"username": "admin", "password": "password"})
    assert forged.status_code == 403


@pytest.mark.django_db
def test_security_headers_on_public_pages(client):
    response = client.get("/recherche/?q=ess")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
    assert response["Referrer-Policy"]
