"""docker-compose's health check (plain HTTP on 127.0.0.1 inside the container) passes with the production
settings, which redirect every other plain-HTTP request to HTTPS (issue 10, item 13)."""

from __future__ import annotations

import re

import pytest

from tests.helpers.environment import PROJECT_ROOT

pytestmark = pytest.mark.django_db


def test_health_endpoint_answers_plain_http_on_the_container_address(client, production_like):
    response = client.get("/sante/", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200 and response.content == b"ok"
    assert response["Cache-Control"] == "no-store"
    # every other page is still redirected to HTTPS, and served on the public host
    page = client.get("/recherche/", HTTP_HOST="maillage.example.org")
    assert page.status_code == 301 and page["Location"].startswith("https://maillage.example.org/")
    assert (
        client.get("/recherche/", HTTP_HOST="maillage.example.org", secure=True).status_code == 200
    )
    assert client.get("/recherche/", HTTP_HOST="127.0.0.1:8000", secure=True).status_code == 400


def test_docker_compose_health_check_calls_the_health_endpoint():
    compose = (PROJECT_ROOT / "docker-compose.yml").read_text()
    web = compose.split("\n  web:", 1)[1].split("\n  worker:", 1)[0]
    assert re.search(r"healthcheck:\s*\n\s*test: .*'http://127\.0\.0\.1:8000/sante/'", web)
