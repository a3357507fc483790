"""Crafted query parameters and URL parts on every public view: 404 or the unfiltered page, never a 500."""

from __future__ import annotations

from datetime import date

import pytest

from resources.models import ToolkitPage
from taxonomy.models import Territory
from testing import factories
from testing.factories import add

HOSTILE = [
    "abc",
    "region-",
    "-",
    "region-\x00",
    "\x00",
    "a\x00b",
    "²",
    "10000",
    "9" * 25,
    "-1",
    "0",
    " ",
    "é" * 300,
    "region-76\x00",
    "%00",
    "99999999999999999999",
]
LISTING_PARAMS = ["type", "theme", "territoire", "annee", "page"]
DIRECTORY_PARAMS = [
    "q",
    "territoire",
    "theme",
    "secteur",
    "forme",
    "page",
    "commune",
    "departement",
    "region",
]
SEARCH_PARAMS = ["q", "type", "theme", "territoire", "annee", "page", "format", "sort", "tri"]


@pytest.fixture
def site(db, media_root, search_backend):
    index = factories.site_tree()
    region = Territory.objects.create(level="region", code="76", name="Occitanie")
    add(index, ToolkitPage(title="Kit 2024", slug="kit", date=date(2024, 2, 1)))
    return index, region


def ok_or_404(client, url: str, params: dict | None = None) -> int:
    response = client.get(url, params or {})
    assert response.status_code in (200, 301, 302, 404), (url, params, response.status_code)
    return response.status_code


@pytest.mark.django_db
def test_listing_and_feeds_answer_every_crafted_parameter(client, site):
    index, _ = site
    for value in HOSTILE:
        for name in LISTING_PARAMS:
            assert ok_or_404(client, index.url, {name: value}) == 200
            assert ok_or_404(client, "/flux/ressources.xml", {name: value}) == 200
            ok_or_404(client, "/flux/ressources.atom", {name: value})


@pytest.mark.django_db
def test_feed_year_filters_only_real_years(client, site):
    for value in ("²", "10000", "9" * 25):
        body = client.get("/flux/ressources.xml", {"annee": value}).content.decode()
        assert "Kit 2024" in body  # the unfiltered feed


@pytest.mark.parametrize(
    "path",
    [
        "/r/99999999999999999999/",
        "/r/9223372036854775808/",
        "/r/0/",
        "/flux/territoire/region-99999999999999999999.xml",
        "/flux/theme/%C3%A9%C3%A9.xml",
        "/flux/type/zzz.xml",
        "/acteurs/territoire/abc/",
        "/acteurs/territoire/region-/",
        "/acteurs/territoire/region-%00/",
        "/acteurs/territoire/-/",
        "/acteurs/territoire/commune-99999999999999999999/",
        "/acteurs/%C3%A9t%C3%A9/",
        "/acteurs/inconnu/",
    ],
)
@pytest.mark.django_db
def test_url_parts_give_404(client, site, path):
    assert ok_or_404(client, path) == 404


@pytest.mark.django_db
def test_directory_search_and_api_answer_every_crafted_parameter(client, site):
    for value in HOSTILE:
        for name in DIRECTORY_PARAMS:
            ok_or_404(client, "/acteurs/", {name: value})
            ok_or_404(client, "/acteurs/carte.geojson", {name: value})
            ok_or_404(client, "/acteurs/export.csv", {name: value})
            ok_or_404(client, "/acteurs/territoire/", {name: value})
            ok_or_404(client, "/acteurs/territoire/region-76/", {name: value})
        for name in SEARCH_PARAMS:
            ok_or_404(client, "/recherche/", {name: value})
            ok_or_404(client, "/api/search/", {name: value})
        ok_or_404(client, "/api/autocomplete/", {"q": value})
