"""The territory chooser of resource pages: search by name, postal code and INSEE/SIREN code, the level
shown, larger levels first, French wording."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from taxonomy.models import Territory
from testing import factories

CHOOSE = "territory_chooser:choose"
RESULTS = "territory_chooser:choose_results"


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


def rows(html: str) -> list[list[str]]:
    """The chooser's table, one list of cell texts per row."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        [" ".join(td.get_text().split()) for td in tr.find_all("td")]
        for tr in soup.select("tbody tr")
    ]


def results(editor, **params) -> list[list[str]]:
    response = editor.get(reverse(RESULTS), params)
    assert response.status_code == 200
    return rows(response.content.decode())


def test_chooser_has_search_box_and_larger_levels_first(editor, occitanie):
    assert Territory.objects.filter(level="commune").count() > 4000
    response = editor.get(reverse(CHOOSE))
    html = response.json()["html"]
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("input", attrs={"name": "q"}) is not None
    assert "Choisir un territoire" in html
    first = rows(html)
    regions = Territory.objects.filter(level="region").count()
    departments = Territory.objects.filter(level="department").count()
    assert 0 < regions and regions + departments < len(first)
    levels = [row[1] for row in first]
    assert levels == ["Région"] * regions + ["Département"] * departments + ["EPCI"] * (
        len(first) - regions - departments
    )
    assert "Occitanie" in [row[0] for row in first[:regions]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Sicoval", ["CA du Sicoval", "EPCI", "243100633"]),
        ("sicoval", ["CA du Sicoval", "EPCI", "243100633"]),
        ("243100633", ["CA du Sicoval", "EPCI", "243100633"]),
        ("31520", ["Ramonville-Saint-Agne (CP 31520, INSEE 31446)", "Commune", "31446", "31520"]),
        ("31446", ["Ramonville-Saint-Agne (CP 31520, INSEE 31446)", "Commune", "31446", "31520"]),
        ("76", ["Occitanie", "Région", "76"]),
        ("Haute-Garonne", ["Haute-Garonne", "Département", "31"]),
    ],
)
def test_search_by_name_postal_code_and_code(editor, occitanie, query, expected):
    found = results(editor, q=query)
    assert found, query
    assert found[0][: len(expected)] == expected


def test_postal_code_comes_before_the_same_insee_code_and_both_are_labelled(editor, occitanie):
    # 31520 is Ramonville-Saint-Agne's postal code and Sajas's INSEE code (Sajas's postal code is 31370):
    # the postal code first, and no row may show an INSEE code as if it were a postal code.
    found = results(editor, q="31520")
    assert [row[0] for row in found] == [
        "Ramonville-Saint-Agne (CP 31520, INSEE 31446)",
        "Sajas (CP 31370, INSEE 31520)",
    ]
    assert found[1][2:4] == ["31520", "31370"]
    header = BeautifulSoup(editor.get(reverse(RESULTS), {"q": "31520"}).content, "html.parser")
    assert [" ".join(th.get_text().split()) for th in header.select("thead th")][2:4] == [
        "Code INSEE / SIREN",
        "Codes postaux",
    ]


def test_postal_code_matches_whole_codes_only(editor, occitanie):
    # 31520 is Ramonville's code; "3152" is no postal code and no name contains it.
    assert results(editor, q="3152") == []


def test_level_filter_and_parent_column(editor, occitanie):
    found = results(editor, q="Toulouse", level="epci")
    assert found and all(row[1] == "EPCI" for row in found)
    commune = results(editor, q="31446")[0]
    assert commune[4] == "CA du Sicoval"


def test_hostile_query_is_harmless(editor, occitanie):
    assert results(editor, q="%' OR 1=1 --") == []
    assert results(editor, q="x" * 500) == []
    assert editor.get(reverse(RESULTS), {"level": "planet"}).status_code == 200


def test_add_buttons_read_in_french(editor, db, media_root):
    index = factories.site_tree()
    html = editor.get(
        reverse("wagtailadmin_pages:add", args=["resources", "learningvisitpage", index.pk])
    )
    html = html.content.decode()
    assert "un(e)" not in html
    for label in ("Ajouter des territoires", "Ajouter des acteurs", "Joindre des documents"):
        assert label in html, label
