"""The JSON API and the HTML page: same shape in both modes, facets with labels, hostile parameters,
degraded mode, analytics for editors, the rebuild command."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from resources.document_urls import viewer_url
from search.models import QueryStat
from tests.helpers.sample_site import build_site
from tests.helpers.search_api import api_get

RESULT_KEYS = {
    "id",
    "title",
    "url",
    "kind",
    "type",
    "type_label",
    "date",
    "summary",
    "filename",
    "highlights",
    "missing",
    "language",
    "language_label",
}


@pytest.fixture
def site(db, search_backend, media_root):
    return build_site()


def test_json_shape(client, site):
    data = api_get(client, q="glanage")
    assert set(data) == {
        "query",
        "count",
        "page",
        "num_pages",
        "sort",
        "results",
        "facets",
        "suggestion",
        "promoted",
        "message",
        "corrected_from",
    }
    assert set(data["facets"]) == {"type", "theme", "territoire", "annee"}
    by_kind = {r["kind"]: r for r in data["results"]}
    assert set(by_kind["page"]) == RESULT_KEYS | {"matching_documents"}
    assert set(by_kind["document"]) == RESULT_KEYS | {
        "unit",
        "attached_to",
        "page_url",
        "viewer_url",
    }
    assert set(by_kind["actor"]) == RESULT_KEYS
    for item in data["facets"]["type"]:
        assert set(item) == {"value", "label", "count", "selected"}
    for item in data["facets"]["territoire"]:
        assert set(item) == {"value", "label", "count", "level", "selected"}
    passage = by_kind["document"]["highlights"][0]
    assert set(passage) == {"text", "page", "url", "viewer_url"} and passage["page"] == 2
    assert passage["url"] == f"{site.public_doc.url}#page=2"
    assert (
        passage["viewer_url"]
        == by_kind["document"]["viewer_url"]
        == viewer_url(site.public_doc.pk, site.public_doc.title, 2, "glanage")
    )
    assert by_kind["document"]["attached_to"] == [
        {"title": site.public.title, "url": site.public.url}
    ]


def test_facets_have_labels_and_territories_follow_the_hierarchy(client, site):
    facets = api_get(client, q="glanage OR réemploi")["facets"]
    assert {i["label"]: i["count"] for i in facets["type"]} == {
        "Compte rendu de rencontre": 2,
        "Document": 1,
        "Acteur de l'ESS": 1,
    }
    assert {i["label"]: i["count"] for i in facets["theme"]} == {
        "Réemploi": 2
    }  # the page and its document
    assert {i["label"]: i["count"] for i in facets["territoire"]} == {
        "Occitanie": 2,
        "Haute-Garonne": 2,
        "Bretagne": 1,
    }
    assert [i["value"] for i in facets["annee"]] == ["2023", "2022"]
    # Choosing the department: its results (those of a commune inside it too) and its next level down.
    chosen = api_get(client, q="glanage OR réemploi", territoire="department-31")
    assert {r["title"] for r in chosen["results"]} == {
        "Rencontre sur le glanage solidaire",
        "Bilan du glanage solidaire",
    }
    levels = {
        i["label"]: (i["level"], i["count"], i["selected"]) for i in chosen["facets"]["territoire"]
    }
    assert levels == {"Haute-Garonne": ("department", 2, True), "CA du Sicoval": ("epci", 2, False)}
    # Facets combine; the type facet still counts the other types.
    both = api_get(client, q="glanage OR réemploi", territoire="department-31", type="document")
    assert [r["kind"] for r in both["results"]] == ["document"]
    assert {i["value"]: i["count"] for i in both["facets"]["type"]} == {
        "meetingreportpage": 1,
        "document": 1,
    }


def test_sort_and_pagination_parameters(client, site):
    by_date = api_get(client, q="glanage OR réemploi", tri="date")
    dates = [r["date"] for r in by_date["results"] if r["date"]]
    assert dates == sorted(dates, reverse=True) and by_date["sort"] == "date"
    assert api_get(client, q="glanage", page="2")["results"] == []
    assert api_get(client, q="glanage", page="2")["page"] == 2


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"'},
        {"q": "-"},
        {"q": "OR"},
        {"q": "x" * 5000},
        {"q": "\x00\x1f"},
        {"q": '{"match_all":{}}'},
        {"q": "glanage", "page": "abc"},
        {"q": "glanage", "page": "-4"},
        {"q": "glanage", "page": "99999999999999"},
        {"q": "glanage", "annee": "abc"},
        {"q": "glanage", "annee": "2023); DROP"},
        {"q": "glanage", "territoire": "x"},
        {"q": "glanage", "type": "<script>"},
        {"q": "glanage", "theme": "a" * 500},
        {"q": "glanage", "tri": "nope"},
        {"q": "le la les"},
        {"annee": "2023"},
        {},
    ],
)
def test_hostile_parameters_get_an_answer(client, site, params):
    assert client.get("/api/search/", params).status_code == 200
    assert client.get("/recherche/", params).status_code == 200
    assert client.get("/api/autocomplete/", params).status_code == 200


def test_friendly_messages(client, site):
    assert "trop courants" in api_get(client, q="le la les")["message"]
    assert "au moins un mot" in api_get(client, q="-glanage")["message"]
    assert "premiers mots" in api_get(client, q="glanage " * 300)["message"]
    html = client.get(
        "/recherche/", {"q": "glanaje"}
    ).content.decode()  # nothing as typed: corrected
    assert (
        "Aucun résultat pour « glanaje »" in html
        and "Résultats pour « <strong>glanage</strong> »" in html
    )
    html = client.get("/recherche/", {"q": "glanaje", "exact": "1"}).content.decode()
    assert "Vouliez-vous dire" in html and "glanage" in html


def test_html_page_shows_facets_passages_and_sort(client, site):
    html = client.get("/recherche/", {"q": "glanage"}).content.decode()
    assert "Haute-Garonne" in html and "Compte rendu de rencontre" in html
    viewer = viewer_url(site.public_doc.pk, site.public_doc.title, 2, "glanage")
    assert (
        f'href="{viewer.replace("&", "&amp;")}"' in html and "Page 2" in html
    )  # the viewer at the page
    assert "Un document joint à cette page correspond aussi" in html
    assert "tri=date" in html and "autocomplete.js" in html


@pytest.mark.fullstack
def test_opensearch_down_gives_the_degraded_answer(client, site, settings):
    settings.MAILLAGE_SEARCH = {
        **settings.MAILLAGE_SEARCH,
        "OPENSEARCH_URL": "http://127.0.0.1:9",
        "TIMEOUT": 1,
    }
    data = api_get(client, q="glanage")
    assert data["degraded"] is True and "momentanément indisponible" in data["message"]
    assert [r["title"] for r in data["results"]] == ["Rencontre sur le glanage solidaire"]
    assert client.get("/recherche/", {"q": "glanage"}).status_code == 200
    assert api_get(client, "/api/autocomplete/", q="glan")["results"] == []


@pytest.mark.embedded
def test_unreadable_embedded_index_gives_the_degraded_answer(client, site, settings, tmp_path):
    broken = tmp_path / "index.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)
    settings.MAILLAGE_SEARCH = {**settings.MAILLAGE_SEARCH, "EMBEDDED_PATH": broken}
    data = api_get(client, q="glanage")
    assert data["degraded"] is True and "momentanément indisponible" in data["message"]
    assert [r["title"] for r in data["results"]] == ["Rencontre sur le glanage solidaire"]


def test_editors_see_top_queries_and_queries_without_results(
    client, site, admin_user, django_user_model
):
    for q in ("glanage", "glanage", "Glanage ", "vélo-cargo", "vélo-cargo", "ressourcerie"):
        client.get("/recherche/", {"q": q})
    client.get("/api/search/", {"q": "api only"})  # the API is not counted as a visitor's search
    stats = {
        s.query.query_string: (s.searches, s.empty_searches)
        for s in QueryStat.objects.select_related("query")
    }
    assert stats == {"glanage": (3, 0), "vélo-cargo": (2, 2), "ressourcerie": (1, 0)}

    editor = django_user_model.objects.create_user("editrice", password="x")
    from django.contrib.auth.models import Permission

    for codename in (
        "access_admin",
        "view_querystat",
    ):  # the report needs its own permission (issue 10)
        editor.user_permissions.add(Permission.objects.get(codename=codename))
    for user in (admin_user, editor):
        client.force_login(user)
        html = client.get(reverse("maillage_search_analytics")).content.decode()
        empty_table = html.split('id="sans-resultat"')[1].split('id="frequentes"')[0]
        assert "vélo-cargo" in empty_table and "glanage" not in empty_table
        assert "glanage" in html.split('id="frequentes"')[1]
    menu = client.get("/admin/").content.decode()
    assert "Statistiques de recherche" in menu


def test_rebuild_command_reports_progress_and_keeps_results(site, capsys):
    call_command("rebuild_search_index")
    out = capsys.readouterr().out
    assert "éléments indexés" in out and "Indexation" in out
    from search.backends import get_backend

    assert get_backend().count() == 5  # 2 public pages, 2 public documents, 1 actor
