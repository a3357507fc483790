"""Only live, public content — and documents not restricted to private collections or pages — ever
appears in public results, passages, facet counts, suggestions, autocomplete or promoted results."""

from __future__ import annotations

import json

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.indexing import index_page_with_documents
from tests.helpers.sample_site import build_site
from tests.helpers.search_api import api_get

SECRETS = [
    "xylophag",
    "quetzalcoatl",
    "ornithorynque",
    "kookaburra",
    "tarentelle",
    "Note interne",
    "Annexe confidentielle",
    "Brouillon",
    "Réunion quetzalcoatl",
]


def assert_no_secret(payload) -> None:
    text = json.dumps(payload, ensure_ascii=False).lower()
    for secret in SECRETS:
        assert secret.lower() not in text, secret


@pytest.fixture
def site(db, search_backend, media_root):
    return build_site()


def test_results_and_passages_hold_only_public_content(client, site):
    found = api_get(client, q="glanage")
    titles = {r["title"] for r in found["results"]}
    assert titles == {
        "Rencontre sur le glanage solidaire",
        "Bilan du glanage solidaire",
        "Les Glaneurs Solidaires",
    }
    assert found["count"] == 3
    assert_no_secret(found)
    for q in ("xylophagerie", "quetzalcoatl", "ornithorynque", "kookaburra", "tarentelle"):
        assert api_get(client, q=q)["count"] == 0, q


def test_facet_counts_ignore_non_public_content(client, site):
    facets = api_get(client, q="glanage")["facets"]
    assert sum(i["count"] for i in facets["type"]) == 3
    assert_no_secret(facets)


def test_matching_documents_of_a_page_are_public_ones(client, site):
    page = next(r for r in api_get(client, q="glanage")["results"] if r["kind"] == "page")
    assert page["matching_documents"] == [
        {"title": "Bilan du glanage solidaire", "url": site.public_doc.url}
    ]


def test_suggestions_never_reveal_non_public_words(client, site):
    for typo in ("xylophagrie", "quetzalcoatel", "ornitorynque", "kookabura", "tarantelle"):
        data = api_get(client, q=typo)
        assert data["suggestion"] is None and data["corrected_from"] is None, (typo, data)
    assert api_get(client, q="glanaje", exact="1")["suggestion"] == "glanage"
    corrected = api_get(client, q="glanaje")
    assert (
        corrected["corrected_from"] == "glanaje"
        and corrected["query"] == "glanage"
        and corrected["count"] == 3
    )


def test_autocomplete_proposes_only_public_titles(client, site):
    for prefix in (
        "xylo",
        "Brouill",
        "quetz",
        "Réunion",
        "tarent",
        "Ancienne",
        "Annexe",
        "Note int",
    ):
        assert api_get(client, "/api/autocomplete/", q=prefix)["results"] == [], prefix
    titles = [r["title"] for r in api_get(client, "/api/autocomplete/", q="renc")["results"]]
    assert titles == ["Rencontre sur le glanage solidaire"]
    assert [r["title"] for r in api_get(client, "/api/autocomplete/", q="glaneurs")["results"]] == [
        "Les Glaneurs Solidaires"
    ]
    assert [r["kind"] for r in api_get(client, "/api/autocomplete/", q="réem")["results"]] == [
        "page",
        "theme",
    ]


def test_unpublishing_or_restricting_removes_at_once(client, site):
    assert api_get(client, q="bretagne")["count"] == 1
    site.second.unpublish()
    index_page_with_documents(site.second.pk)
    assert api_get(client, q="bretagne")["count"] == 0
    data = api_get(client, q="bretagnes")
    assert data["count"] == 0 and data["suggestion"] is None
    assert api_get(client, "/api/autocomplete/", q="atelier")["results"] == []

    from wagtail.models import PageViewRestriction

    assert api_get(client, q="zythologie")["count"] == 1
    PageViewRestriction.objects.create(page=site.public, restriction_type="login")
    index_page_with_documents(site.public.pk)
    # The page is private now, and so is the document only it attaches.
    assert api_get(client, q="zythologie")["count"] == 0
    assert api_get(client, q="glanage")["count"] == 1  # the actor


def test_library_document_in_a_public_collection_is_found(client, site):
    hit = api_get(client, q="ressourcerie rural")["results"][0]
    assert hit["title"] == "Guide de la ressourcerie" and hit["attached_to"] == []


def test_promotions_point_only_to_public_pages(client, site):
    query = Query.get("glanage")
    SearchPromotion.objects.create(
        query=query, page=site.draft, sort_order=0, description="brouillon"
    )
    SearchPromotion.objects.create(query=query, page=site.private, sort_order=1)
    SearchPromotion.objects.create(
        query=query, page=site.public, sort_order=2, description="À lire d'abord."
    )
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://www.rtes.fr/",
        sort_order=3,
        external_link_text="Le site du RTES",
    )
    promoted = api_get(client, q="Glanage")["promoted"]
    assert promoted == [
        {
            "title": "Rencontre sur le glanage solidaire",
            "url": site.public.url,
            "description": "À lire d'abord.",
        },
        {"title": "Le site du RTES", "url": "https://www.rtes.fr/", "description": ""},
    ]
    html = client.get("/recherche/", {"q": "glanage"}).content.decode()
    assert "Recommandé" in html and "Le site du RTES" in html and "quetzalcoatl" not in html.lower()
    assert api_get(client, q="glanage", page=2)["promoted"] == []


def test_rebuild_builds_exactly_what_the_per_object_builders_build(site):
    from search.build_cache import rebuild_cache
    from search.index_entries import build, iter_all, iter_public_docs

    one_by_one = sorted(
        (d for kind, pk in iter_all() if (d := build(kind, pk))), key=lambda d: d["id"]
    )
    with rebuild_cache():
        batched = sorted(iter_public_docs(), key=lambda d: d["id"])
    assert batched == one_by_one
    assert {d["id"] for d in batched} == {
        f"page:{site.public.pk}",
        f"page:{site.second.pk}",
        f"document:{site.public_doc.pk}",
        f"document:{site.library_doc.pk}",
        f"actor:{site.actor.pk}",
    }


def test_the_read_time_check_is_one_query_per_kind_of_item_shown(client, site):
    # The hits and the documents their pages attach are checked together, and only the kinds present are asked:
    # the documents' rule, the costly one to build, only when a document is among them.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.public_set import public_ids

    def tables(ids):
        with CaptureQueriesContext(connection) as ctx:
            found = public_ids(ids)
        sql = " ".join(q["sql"] for q in ctx.captured_queries)
        return found, {t for t in ("resourcedocument", "resourcepage", "organisation") if t in sql}

    actor = next(r["id"] for r in api_get(client, q="glaneurs")["results"])
    assert tables([actor]) == ({actor}, {"organisation"})
    assert tables([f"page:{site.public.pk}"]) == ({f"page:{site.public.pk}"}, {"resourcepage"})
    assert tables(["document:999999"])[0] == set()
    with CaptureQueriesContext(connection) as ctx:
        found = api_get(client, q="glanage")
    assert found["count"] == 3 and any(r.get("matching_documents") for r in found["results"])
    checks = [q for q in ctx.captured_queries if "resources_resourcedocument" in q["sql"]]
    assert len(checks) == 1, [q["sql"][:120] for q in checks]
