"""The resource listing (filters by type, theme, territory and year; pagination) and the home page."""

from __future__ import annotations

from datetime import date

from bs4 import BeautifulSoup

from resources.models import (
    LearningVisitPage,
    MeetingReportPage,
    ResourceIndexPage,
    ResourceTerritory,
    ToolkitPage,
)
from taxonomy.models import Territory, Theme
from testing.factories import add
from tests.helpers.html_accessibility import problems


def titles(client, index, **params) -> list[str]:
    response = client.get(index.url, params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(strip=True) for h in soup.select(".card-title")]


def test_filters(client, index):
    region = Territory.objects.create(level="region", code="76", name="Occitanie")
    dept = Territory.objects.create(
        level="department", code="31", name="Haute-Garonne", parent=region
    )
    epci = Territory.objects.create(
        level="epci", code="243100633", name="CA du Sicoval", parent=dept
    )
    food = Theme.objects.create(name="Alimentation")
    add(
        index,
        MeetingReportPage(title="Rencontre 2023", slug="r23", date=date(2023, 11, 30)),
        page_territories=[ResourceTerritory(territory=epci)],
    )
    sheet = add(
        index, LearningVisitPage(title="Fiche du 100e Singe", slug="singe", date=date(2023, 11, 30))
    )
    sheet.themes.add(food)
    sheet.save_revision().publish()
    add(index, ToolkitPage(title="Kit 2024", slug="kit", date=date(2024, 2, 1)))

    assert titles(client, index) == ["Kit 2024", "Fiche du 100e Singe", "Rencontre 2023"]
    assert titles(client, index, type="meetingreportpage") == ["Rencontre 2023"]
    assert titles(client, index, theme="alimentation") == ["Fiche du 100e Singe"]
    assert titles(client, index, territoire="region-76") == [
        "Rencontre 2023"
    ]  # region ⊃ department ⊃ EPCI
    assert titles(client, index, annee="2024") == ["Kit 2024"]
    assert titles(client, index, annee="2023", type="learningvisitpage") == ["Fiche du 100e Singe"]

    html = client.get(index.url, {"territoire": "region-76"}).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    options = [o.get_text() for o in soup.select("select[name=territoire] option")]
    assert options == ["Tous les territoires", "Occitanie", "— Haute-Garonne", "— — CA du Sicoval"]
    assert soup.select_one("link[rel=alternate][title='Flux RSS de cette sélection']")["href"] == (
        "/flux/territoire/region-76.xml"
    )
    assert problems(html) == []


def test_pagination_keeps_the_filters(client, index):
    ResourceIndexPage.per_page, saved = 2, ResourceIndexPage.per_page
    try:
        for n in range(5):
            add(
                index, ToolkitPage(title=f"Fiche {n}", slug=f"fiche-{n}", date=date(2024, 1, n + 1))
            )
        html = client.get(index.url, {"type": "toolkitpage"}).content.decode()
        assert "Page 1 sur 3" in html and 'href="?type=toolkitpage&amp;page=2"' in html
        assert titles(client, index, type="toolkitpage", page=3) == ["Fiche 0"]
        assert titles(client, index, page=99) == ["Fiche 0"]  # past the end: the last page
    finally:
        ResourceIndexPage.per_page = saved


def test_home_page_shows_featured_latest_and_entry_points(client, index):
    dept = Territory.objects.create(level="department", code="31", name="Haute-Garonne")
    theme = Theme.objects.create(name="Réemploi")
    Theme.objects.create(name="Mobilité")  # no resource: no entry point
    featured = add(
        index,
        MeetingReportPage(title="Rencontre à la une", slug="une", featured=True),
        page_territories=[ResourceTerritory(territory=dept)],
    )
    latest = add(index, LearningVisitPage(title="Dernière fiche", slug="fiche"))
    latest.themes.add(theme)
    latest.save_revision().publish()
    response = client.get("/")
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert [a.get_text() for a in soup.select("#h-featured ~ .cards .card-title a")] == [
        featured.title
    ]
    assert [a.get_text() for a in soup.select("#h-latest ~ .cards .card-title a")] == [latest.title]
    assert soup.select_one('a[href="/ressources/?theme=reemploi"]').get_text() == "Réemploi"
    assert "Mobilité" not in html
    assert (
        soup.select_one('a[href="/ressources/?territoire=department-31"]').get_text()
        == "Haute-Garonne"
    )
    assert problems(html) == []


def test_a_territory_without_resources_lists_nothing(client, index):
    Territory.objects.create(level="region", code="53", name="Bretagne")
    add(index, ToolkitPage(title="Kit", slug="kit"))
    assert titles(client, index, territoire="region-53") == []
    assert titles(client, index, territoire="region-99") == []
