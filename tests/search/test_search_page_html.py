"""The search page as a visitor reads it: French dates and numbers."""

from __future__ import annotations

import re

import pytest

from tests.search.content import build_site


@pytest.fixture
def site(db, search_backend, media_root):
    return build_site()


def test_results_show_dates_in_french_and_counts_with_french_plurals(client, site):
    html = client.get("/recherche/", {"q": "glanage"}).content.decode()
    assert '<time datetime="2023-11-30">30 novembre 2023</time>' in html
    assert "2023-11-30<" not in html and "· 2023-11-30" not in html
    assert re.search(r"<h2 id=\"h-results\">\d+ résultats</h2>", html)
    html = client.get("/recherche/", {"q": "xylophonique"}).content.decode()
    assert '<h2 id="h-results">0 résultat</h2>' in html


def test_the_api_keeps_iso_dates(client, site):
    results = client.get("/api/search/", {"q": "glanage"}).json()["results"]
    assert "2023-11-30" in {r["date"] for r in results}

