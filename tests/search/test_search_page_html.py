"""The search page as a visitor reads it: French dates and numbers, collapsible facets, guidance on an empty query."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from search.guidance import FREQUENT_MIN_VISITORS
from search.promotions import record_search
from tests.helpers.sample_site import build_site


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


def test_each_facet_is_a_collapsible_group_closed_in_the_html(client, site):
    html = client.get("/recherche/", {"q": "glanage OR réemploi"}).content.decode()
    groups = re.findall(r"<details class=\"facet-group\"[^>]*>\s*<summary>([^<]+)</summary>", html)
    assert groups == ["Type", "Thème", "Territoire", "Année"]
    assert (
        '<details class="facet-group" open' not in html
    )  # opened by facets.js on wide screens only
    assert "search/facets.js" in html
    assert html.index('id="h-results"') > html.index(
        "facet-group"
    )  # results follow, facets are folded


def test_empty_query_offers_themes_recent_resources_and_frequent_searches(client, site):
    for visitor in range(FREQUENT_MIN_VISITORS + 2):  # typed by many distinct visitors
        record_search("glanage", 2, f"192.0.2.{visitor}")
    for visitor in range(FREQUENT_MIN_VISITORS):
        record_search("réemploi", 1, f"192.0.2.{visitor}")
    record_search("mon voisin jean dupont", 1, "192.0.2.1")  # typed once: never shown to others
    for visitor in range(FREQUENT_MIN_VISITORS):
        record_search("xylophonique", 0, f"192.0.2.{visitor}")  # finds nothing
    html = client.get("/recherche/").content.decode()
    assert (
        "Recherches fréquentes" in html
        and "Parcourir par thème" in html
        and "Ressources récentes" in html
    )
    frequent = html.split('id="h-frequent"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r">([^<]+)</a>", frequent) == ["glanage", "réemploi"]
    themes = html.split('id="h-themes"', 1)[1].split("</section>", 1)[0]
    assert 'href="?theme=reemploi">Réemploi</a>' in themes
    assert "Alimentation" not in themes  # a theme with no public resource leads nowhere
    recent = html.split('id="h-recent"', 1)[1].split("</section>", 1)[0]
    assert "Rencontre sur le glanage solidaire" in recent
    assert (
        "xylophagerie" not in recent and "quetzalcoatl" not in recent
    )  # neither the draft nor the private page
    assert 'id="h-results"' not in html


def test_a_query_hides_the_guidance(client, site):
    html = client.get("/recherche/", {"q": "glanage"}).content.decode()
    assert 'id="h-frequent"' not in html and 'id="h-themes"' not in html


def test_the_filter_button_shows_only_with_something_to_filter(client, site):
    assert "Appliquer les filtres" in client.get("/recherche/", {"q": "glanage"}).content.decode()
    nothing = client.get("/recherche/", {"q": "ornithorynquelogie"}).content.decode()
    assert "Appliquer les filtres" not in nothing and "Aucun résultat" in nothing


def test_adjacent_highlighted_words_keep_their_space(client, site):
    """« <mark>glanage</mark> <mark>solidaire</mark> », not glued into one word for screen readers and copy-paste."""
    html = client.get("/recherche/", {"q": "glanage solidaire"}).content.decode()
    passages = re.findall(r'<div class="passage[^"]*">(.*?)</div>', html, re.S)
    assert passages and any(
        re.search(r"glanage</mark>\s+<mark>solidaire", p, re.I) for p in passages
    ), passages
    assert not any("</mark><mark>" in p for p in passages)
    assert all(
        re.search(r"</a> : \S", p) for p in passages if 'class="where"' in p
    )  # « Page 2 : … »


def test_filters_applied_are_listed_above_the_results_each_removable(client, site):
    html = client.get(
        "/recherche/", {"q": "glanage OR réemploi", "type": "document"}
    ).content.decode()
    block = html.split('<div class="active-filters">', 1)[1].split("</div>", 1)[0]
    assert "Filtre appliqué :" in block and "Type : Document" in block
    assert 'href="?q=glanage+OR+r%C3%A9emploi"' in block  # the same search without that filter
    assert (
        '<div class="active-filters">'
        not in client.get("/recherche/", {"q": "glanage"}).content.decode()
    )


def test_a_meeting_still_to_come_is_labelled_as_such_until_its_date(client, site):
    """The index holds the meeting's date, not « upcoming »: the label follows the day the search is made."""
    from resources.models import MeetingReportPage
    from search.indexing import index_object
    from testing.factories import upcoming_meeting

    meeting = upcoming_meeting(days=12, title="Rencontre sur le glanage en circuit court")
    index_object("page", meeting.pk)
    html = client.get("/recherche/", {"q": "glanage circuit court"}).content.decode()
    assert '<p class="meta">Rencontre à venir · <time' in html
    (result,) = [
        r
        for r in client.get("/api/search/", {"q": "glanage"}).json()["results"]
        if r["id"] == f"page:{meeting.pk}"
    ]
    assert result["type_label"] == "Rencontre à venir"
    (past,) = [
        r
        for r in client.get("/api/search/", {"q": "glanage"}).json()["results"]
        if r["title"] == "Rencontre sur le glanage solidaire"
    ]
    assert past["type_label"] == "Compte rendu de rencontre"
    today = timezone.localdate()
    assert MeetingReportPage.type_label_on(today) == "Rencontre à venir"
    assert MeetingReportPage.type_label_on(today - datetime.timedelta(days=1)) == (
        "Compte rendu de rencontre"
    )
    assert MeetingReportPage.type_label_on(None) == "Compte rendu de rencontre"
