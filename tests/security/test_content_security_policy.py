"""Every HTML page carries a Content-Security-Policy (issue 10, item 14): the site's own scripts and styles
only; the map tiles' host for images when a tile layer is set; the Wagtail admin's inline scripts and styles
only under /admin/; documents keep Wagtail's "default-src 'none'"."""

from __future__ import annotations

import pytest

from config.settings import base
from core.csp import tiles_source
from testing import factories

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_public_pages_allow_only_the_sites_own_scripts_and_styles(client, settings):
    factories.site_tree()
    settings.MAILLAGE_MAP_TILES_URL = ""
    for url in ("/", "/recherche/?q=ess", "/acteurs/", "/ressources/"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        assert policy["default-src"] == ["'self'"] and policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"] and policy["object-src"] == ["'none'"], url
        assert policy["img-src"] == ["'self'", "data:"], url
    assert directives(client.get("/page-qui-n-existe-pas/"))["script-src"] == ["'self'"]


def test_map_tiles_host_is_allowed_for_images_when_set(client, settings):
    settings.MAILLAGE_MAP_TILES_URL = base.MAILLAGE_MAP_TILES_URL
    policy = directives(client.get("/acteurs/"))
    assert policy["img-src"] == ["'self'", "data:", "https://data.geopf.fr"]
    assert policy["script-src"] == ["'self'"] and policy["connect-src"] == ["'self'"]


def test_tile_templates_become_sources():
    assert tiles_source(base.MAILLAGE_MAP_TILES_URL) == "https://data.geopf.fr"
    assert (
        tiles_source("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    )
    assert tiles_source("") is None and tiles_source("/tuiles/{z}/{x}/{y}.png") is None


def test_admin_gets_inline_scripts_and_styles_only_there(admin_client):
    policy = directives(admin_client.get("/admin/"))
    assert "'unsafe-inline'" in policy["script-src"] and "'unsafe-inline'" in policy["style-src"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in directives(admin_client.get("/recherche/"))["script-src"]


def test_documents_keep_their_stricter_policy(client, media_root):
    document = factories.document(b"Ordre du jour.", title="Ordre du jour", filename="odj.txt")
    assert client.get(document.url)["Content-Security-Policy"] == "default-src 'none'"
