"""The visitors' query log: what is kept of a query, who may read it in the admin, and what is shown to others as
« Recherches fréquentes »."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.guidance import FREQUENT_MIN_VISITORS, frequent_searches
from search.models import QueryStat
from search.promotions import record_search
from search.query_log import masked, shareable
from tests.helpers.sample_site import build_site

SCAM = "ARNAQUE urgent appelez le 0899 12 34 56 ou ecrivez a jean.dupont@example.org www.arnaque.example"


@pytest.fixture
def site(db, search_backend, media_root):
    caches["ratelimit"].clear()
    return build_site()


def test_queries_are_kept_without_digits_addresses_or_links(client, site):
    client.get("/recherche/", {"q": SCAM})
    client.get("/recherche/", {"q": "glanage 2024 http://exemple.fr/page"})
    kept = set(Query.objects.values_list("query_string", flat=True))
    assert not any(re.search(r"\d|@|dupont@|www\.|http", q) for q in kept), kept
    assert "glanage #### [lien]" in kept
    assert masked("06 12 34 56 78") == "## ## ## ## ##" and masked("a@b.fr") == "[adresse]"
    assert (
        shareable("glanage solidaire")
        and not shareable("glanage ####")
        and not shareable("appel 0899")
    )


def test_a_query_typed_again_and_again_by_one_visitor_is_not_frequent(client, site):
    for _ in range(6):
        client.get("/recherche/", {"q": "ARNAQUE appelez vite glanage"})
    assert "arnaque appelez vite glanage" not in frequent_searches()
    html = client.get("/recherche/").content.decode()
    assert "arnaque" not in html.lower()
    assert QueryStat.objects.get(query__query_string="arnaque appelez vite glanage").visitors == 1


def test_frequent_searches_are_approved_or_typed_by_many_visitors(client, site):
    for n in range(FREQUENT_MIN_VISITORS):
        client.get("/recherche/", {"q": "glanage"}, REMOTE_ADDR=f"198.51.100.{n}")
        client.get(
            "/recherche/", {"q": SCAM}, REMOTE_ADDR=f"198.51.100.{n}"
        )  # many visitors, but a number
    for n in range(FREQUENT_MIN_VISITORS - 1):
        client.get("/recherche/", {"q": "bretagne"}, REMOTE_ADDR=f"198.51.100.{n}")
    assert frequent_searches() == ["glanage"]
    # editors approve a query by promoting results for it
    client.get("/recherche/", {"q": "ressourcerie"})
    SearchPromotion.objects.create(
        query=Query.get("ressourcerie"),
        external_link_url="https://example.org/",
        external_link_text="Guide",
        sort_order=0,
    )
    assert frequent_searches() == ["glanage", "ressourcerie"]
    frequent = (
        client.get("/recherche/")
        .content.decode()
        .split('id="h-frequent"', 1)[1]
        .split("</section>", 1)[0]
    )
    assert re.findall(r">([^<]+)</a>", frequent) == ["glanage", "ressourcerie"]


def test_the_query_chooser_needs_the_statistics_permission(client, site, django_user_model):
    record_search("jean dupont", 1)
    editor = django_user_model.objects.create_user("editrice", password="x" * 12)
    group = Group.objects.create(name="Promotions")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(codename__in=["add_searchpromotion", "change_searchpromotion"]),
    )
    editor.groups.add(group)
    client.force_login(editor)
    for path in (
        "/admin/searchpicks/queries/chooser/results/",
        "/admin/searchpicks/queries/chooser/",
    ):
        response = client.get(path, {"q": "dupont"})
        assert (
            response.status_code in (302, 403) and "jean dupont" not in response.content.decode()
        ), path
    group.permissions.add(Permission.objects.get(codename="view_querystat"))
    editor = django_user_model.objects.get(pk=editor.pk)
    client.force_login(editor)
    response = client.get("/admin/searchpicks/queries/chooser/results/", {"q": "dupont"})
    assert response.status_code == 200 and "jean dupont" in response.content.decode()


def test_a_frequent_search_leaves_with_what_it_found(client, site):
    """Many visitors searched a word while it was public; once its page leaves the public set, the word is no
    longer offered to others."""
    from search.indexing import index_page_with_documents

    for n in range(FREQUENT_MIN_VISITORS):
        client.get("/recherche/", {"q": "bretagne"}, REMOTE_ADDR=f"203.0.113.{n}")
    assert "bretagne" in frequent_searches()
    site.second.unpublish()
    index_page_with_documents(site.second.pk)
    assert "bretagne" not in frequent_searches()


def test_queries_stored_verbatim_before_are_forgotten(site):
    """The data migration: a stored query with a phone number or an address leaves with its counts; an editor's
    query with promoted results stays."""
    from importlib import import_module

    from django.apps import apps

    for text in (
        "appelez le 0899 12 34 56",
        "ecrire a jean.dupont@example.org",
        "glanage",
        "loi 2014",
    ):
        query = Query.objects.create(query_string=text)
        QueryStat.objects.create(query=query, date="2026-12-01", searches=3)
    SearchPromotion.objects.create(
        query=Query.objects.get(query_string="loi 2014"),
        external_link_url="https://example.org/",
        external_link_text="Loi",
        sort_order=0,
    )
    import_module("search.migrations.0004_forget_queries_with_contact_details").forget(apps, None)
    assert set(Query.objects.values_list("query_string", flat=True)) == {"glanage", "loi 2014"}
    assert QueryStat.objects.count() == 2
