"""The API for partner sites: Wagtail's API v2 (public content only), the OpenAPI description checked against
live responses, CORS for read-only GETs, the rate limit (429 + Retry-After) and the embeddable widget."""

from __future__ import annotations

import os
import re

import pytest
from django.core.cache import caches
from openapi_spec_validator import validate as validate_openapi

from resources.models import ResourceDocument, ResourcePage
from resources.visibility import document_is_public, pages_attaching
from tests.helpers.openapi import check
from tests.helpers.sample_site import build_site


@pytest.fixture
def site(db, search_backend, media_root):
    return build_site()


def test_the_description_is_valid_openapi_and_matches_live_responses(client, site):
    spec = client.get("/api/openapi.json").json()
    validate_openapi(spec)
    assert spec["servers"] == [{"url": "http://testserver"}]
    calls = [
        ("/api/search/", "/api/search/", {"q": "glanage"}),
        (
            "/api/search/",
            "/api/search/",
            {"q": "glanage", "territoire": "department-31", "tri": "date"},
        ),
        ("/api/search/", "/api/search/", {"q": "glanaje"}),  # corrected automatically
        ("/api/search/", "/api/search/", {}),
        ("/api/autocomplete/", "/api/autocomplete/", {"q": "glan"}),
        ("/api/v2/pages/", "/api/v2/pages/", {}),
        (
            "/api/v2/pages/",
            "/api/v2/pages/",
            {"type": "resources.MeetingReportPage", "fields": "*"},
        ),
        ("/api/v2/pages/{id}/", f"/api/v2/pages/{site.public.pk}/", {}),
        ("/api/v2/pages/{id}/", f"/api/v2/pages/{site.private.pk}/", {}),
        ("/api/v2/documents/", "/api/v2/documents/", {"fields": "*"}),
        ("/api/v2/documents/{id}/", f"/api/v2/documents/{site.public_doc.pk}/", {}),
        ("/api/v2/documents/{id}/", f"/api/v2/documents/{site.private_page_doc.pk}/", {}),
        ("/api/v2/images/", "/api/v2/images/", {}),
    ]
    for described, url, params in calls:
        check(spec, described, client.get(url, params))
    # The readable page names every path of the description.
    page = client.get("/api/").content.decode()
    for path in spec["paths"]:
        assert f"GET {path}" in page


def test_pages_and_documents_are_exactly_the_public_set(client, site):
    pages = client.get("/api/v2/pages/", {"type": "resources.ResourcePage", "limit": 20}).json()
    assert {p["id"] for p in pages["items"]} == set(
        ResourcePage.objects.live().public().values_list("pk", flat=True)
    )
    assert {p["id"] for p in pages["items"]} == {site.public.pk, site.second.pk}
    for hidden in (site.private, site.draft, site.unpublished):
        assert client.get(f"/api/v2/pages/{hidden.pk}/").status_code == 404

    detail = client.get(f"/api/v2/pages/{site.public.pk}/").json()
    assert detail["resource_type"] == "meetingreportpage" and detail["date"] == "2023-11-30"
    assert detail["themes"] == [{"slug": "reemploi", "name": "Réemploi"}]
    assert [t["key"] for t in detail["territories"]] == ["commune-31113"]
    # The public page also attaches a document of a restricted collection: the API leaves it out.
    assert [d["id"] for d in detail["documents"]] == [site.public_doc.pk]
    assert detail["documents"][0]["download_url"].startswith("http://testserver/documents/")

    documents = client.get("/api/v2/documents/", {"limit": 20}).json()
    expected = {
        d.pk for d in ResourceDocument.objects.all() if document_is_public(d, pages_attaching(d))
    }
    assert (
        {d["id"] for d in documents["items"]}
        == expected
        == {site.public_doc.pk, site.library_doc.pk}
    )
    assert set(ResourceDocument.objects.public().values_list("pk", flat=True)) == expected
    for hidden in (site.private_page_doc, site.private_collection_doc):
        assert client.get(f"/api/v2/documents/{hidden.pk}/").status_code == 404

    # Publishing the private page's restriction away and unpublishing the public page move both sets.
    site.private.get_view_restrictions().delete()
    site.public.unpublish()
    expected = {
        d.pk for d in ResourceDocument.objects.all() if document_is_public(d, pages_attaching(d))
    }
    assert set(ResourceDocument.objects.public().values_list("pk", flat=True)) == expected
    assert site.private_page_doc.pk in expected and site.public_doc.pk not in expected
    listed = client.get("/api/v2/documents/", {"limit": 20}).json()
    assert {d["id"] for d in listed["items"]} == expected


def test_read_only_gets_are_open_to_any_origin(client, db):
    response = client.get(
        "/api/autocomplete/", {"q": "ess"}, HTTP_ORIGIN="https://www.cress-occitanie.org"
    )
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v2/pages/",
        HTTP_ORIGIN="https://partenaire.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert set(preflight["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {
        "GET",
        "OPTIONS",
    }
    assert "Access-Control-Allow-Credentials" not in preflight
    # Outside /api/, nothing is opened.
    assert "Access-Control-Allow-Origin" not in client.get(
        "/recherche/", HTTP_ORIGIN="https://partenaire.example"
    )
    # Writing is not an API method.
    assert client.post("/api/v2/pages/", {}).status_code == 405


def test_abuse_gets_429_with_retry_after(client, db, settings):
    settings.MAILLAGE_API_RATE_LIMIT = (5, 60)
    caches["ratelimit"].clear()
    statuses = [client.get("/api/autocomplete/", {"q": "ess"}).status_code for _ in range(8)]
    assert statuses == [200] * 5 + [429] * 3
    refused = client.get("/api/v2/pages/", HTTP_ORIGIN="https://partenaire.example")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert refused.json()["error"].startswith("Trop de requêtes : réessayez dans ")
    # The widget, inside a partner's iframe, shows the refusal as a page, in French, that may be framed.
    widget = client.get("/api/widget/")
    assert widget.status_code == 429 and widget["Content-Type"].startswith("text/html")
    assert "Trop de requêtes : réessayez dans " in widget.content.decode() and widget["Retry-After"]
    assert (
        "frame-ancestors *" in widget["Content-Security-Policy"] and "X-Frame-Options" not in widget
    )
    # A partner page's script can read the refusal and when to come back.
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert "retry-after" in refused["Access-Control-Expose-Headers"].lower()
    # Another client address has its own count; pages outside /api/ are never limited.
    assert client.get("/api/v2/pages/", REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.get("/recherche/").status_code == 200
    settings.MAILLAGE_API_CLIENT_HEADER = "HTTP_X_REAL_IP"
    assert client.get("/api/v2/pages/", HTTP_X_REAL_IP="198.51.100.9").status_code == 200


def test_behind_a_proxy_only_the_hop_it_appended_counts(client, db, settings):
    """Varying the X-Forwarded-For entries the client writes itself does not escape the limit: the trusted proxy
    appends the address it saw, and only that hop (the N-th from the right for N trusted proxies) is counted."""
    settings.MAILLAGE_API_RATE_LIMIT = (3, 60)
    settings.MAILLAGE_API_CLIENT_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.MAILLAGE_TRUSTED_PROXIES = 1
    caches["ratelimit"].clear()
    statuses = [
        client.get(
            "/api/v2/pages/",
            HTTP_X_FORWARDED_FOR=f"10.9.{i}.1, 203.0.113.5",
            REMOTE_ADDR="172.18.0.2",
        ).status_code
        for i in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    # Another client behind the same proxy has its own count.
    assert (
        client.get(
            "/api/v2/pages/", HTTP_X_FORWARDED_FOR="203.0.113.6", REMOTE_ADDR="172.18.0.2"
        ).status_code
        == 200
    )
    # Two proxies (a CDN, then the site's own): the client is the hop the CDN appended, second from the right.
    settings.MAILLAGE_TRUSTED_PROXIES = 2
    caches["ratelimit"].clear()
    statuses = [
        client.get(
            "/api/v2/pages/",
            HTTP_X_FORWARDED_FOR=f"forged-{i}, 198.51.100.20, 192.0.2.1",
            REMOTE_ADDR="172.18.0.2",
        ).status_code
        for i in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    # A request that did not pass both proxies (a header too short) is counted by the address it came from.
    caches["ratelimit"].clear()
    statuses = [
        client.get(
            "/api/v2/pages/", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}", REMOTE_ADDR="172.18.0.9"
        ).status_code
        for i in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


@pytest.mark.fullstack
def test_the_count_is_kept_in_redis_when_configured(client, db, settings):
    """Every web worker shares one count (MAILLAGE_RATE_LIMIT_REDIS_URL, as docker-compose sets it)."""
    import redis

    url = os.environ["CELERY_BROKER_URL"]  # the run's Redis
    prefix = f"test-ratelimit-{os.getpid()}"
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        },
    }
    settings.MAILLAGE_API_RATE_LIMIT = (3, 3600)
    server = redis.Redis.from_url(url)
    try:
        statuses = [
            client.get("/api/autocomplete/", {"q": "ess"}, REMOTE_ADDR="192.0.2.44").status_code
            for _ in range(4)
        ]
        assert statuses == [200, 200, 200, 429]
        keys = server.keys(f"{prefix}:*api-rate:192.0.2.44:*")
        assert len(keys) == 1 and int(server.get(keys[0])) == 4
    finally:
        for key in server.keys(f"{prefix}:*"):
            server.delete(key)


def test_the_widget_lists_the_latest_public_resources_and_may_be_framed(client, site):
    response = client.get("/api/widget/", {"theme": "reemploi"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rencontre sur le glanage solidaire" in html and "Réemploi" in html
    assert "quetzalcoatl" not in html and "xylophagerie" not in html and "tarentelle" not in html
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    assert f'href="{site.public.full_url}"' in html and site.public.full_url.startswith("http")
    assert re.search(r"Compte rendu de rencontre · 30 novembre 2023", html)
    by_territory = client.get("/api/widget/", {"territoire": "department-31"}).content.decode()
    assert "Rencontre sur le glanage solidaire" in by_territory and "Bretagne" not in by_territory
    # Only the widget may be framed by other sites.
    assert "frame-ancestors 'self'" in client.get("/api/")["Content-Security-Policy"]
    # Bad parameters: a French message, never an error page.
    for params in (
        {"theme": "inconnu"},
        {"territoire": "region-999"},
        {"theme": "<script>"},
        {"nombre": "beaucoup"},
        {"territoire": "x" * 500},
    ):
        answer = client.get("/api/widget/", params)
        assert answer.status_code in (200, 400)
        assert "<script>" not in answer.content.decode()
    assert (
        "Thème inconnu : « inconnu »."
        in client.get("/api/widget/", {"theme": "inconnu"}).content.decode()
    )


def test_bad_parameters_get_a_french_answer_never_a_server_error(client, site):
    """Wagtail's API v2 under the inputs a partner's script may send by mistake: a 400 (or an empty list) with a
    French message the description lists, never a 500 nor an English sentence."""
    spec = client.get("/api/openapi.json").json()
    meeting = {"type": "resources.MeetingReportPage"}
    bad = [
        ("/api/v2/pages/", {"search": "glanage", "search_operator": "xor"}, "search_operator"),
        ("/api/v2/pages/", {**meeting, "date": "hier"}, "date"),
        ("/api/v2/pages/", {**meeting, "themes": "réemploi"}, "themes"),
        ("/api/v2/pages/", {"limit": "beaucoup"}, "limit"),
        ("/api/v2/pages/", {"limit": "500"}, "20"),
        ("/api/v2/pages/", {"type": "resources.Inconnu"}, "resources.Inconnu"),
        ("/api/v2/pages/", {"fields": "corps"}, "corps"),
        ("/api/v2/pages/", {"order": "hasard"}, "hasard"),
        ("/api/v2/pages/", {"child_of": "abc"}, "child_of"),
        ("/api/v2/pages/", {"couleur": "bleu"}, "couleur"),
        ("/api/v2/documents/", {"id": "x"}, "id"),
        ("/api/v2/images/", {"offset": "-1"}, "offset"),
        ("/api/v2/pages/", {"search": "glanage", "order": "random"}, "random"),
    ]
    for path, params, named in bad:
        response = client.get(path, params)
        assert response.status_code == 400, (path, params, response.status_code)
        check(spec, path, response)
        message = response.json()["message"]
        assert named in message, (params, message)
        assert message[0].isupper() and message.endswith("."), message
        for english in (
            "must be",
            "doesn't",
            "cannot",
            "unknown",
            "not a",
            "query parameter",
            "error",
        ):
            assert english not in message, (params, message)
    for fine in ({"locale": "fr"}, {"show_in_menus": "true"}, {**meeting, "date": "2023-11-30"}):
        response = client.get("/api/v2/pages/", fine)
        assert response.status_code == 200, (fine, response.json())
    missing = client.get(f"/api/v2/pages/{site.private.pk}/")
    assert missing.status_code == 404 and missing.json()["message"] == "Introuvable ou non public."
    for wrong in (
        "/api/v2/pages/abc/",
        "/api/v2/nothing/",
        "/api/v3/pages/",
    ):  # no route: the same JSON answer
        missing = client.get(wrong)
        assert missing.status_code == 404 and missing.json() == {
            "message": "Introuvable ou non public."
        }, wrong
    assert (
        "text/html" in client.get("/ressources/abc-inexistant/")["Content-Type"]
    )  # people keep the site's page

    # Engine syntax in a search is only words: never an error, whatever the database.
    for path in ("/api/v2/pages/", "/api/v2/documents/", "/api/v2/images/"):
        for words in ('"((', "glanage) OR (", "NOT", "50% *", "((("):
            response = client.get(path, {"search": words})
            assert response.status_code == 200, (path, words)
            check(spec, path, response)


def test_documents_can_be_searched_and_only_public_ones_are_found(client, site):
    found = client.get("/api/v2/documents/", {"search": "glanage"}).json()
    assert [d["id"] for d in found["items"]] == [site.public_doc.pk]  # not « Note interne glanage »
    assert client.get("/api/v2/documents/", {"search": "confidentielle"}).json()["items"] == []
    ordered = client.get(
        "/api/v2/documents/",
        {"search": "ressourcerie glanage", "search_operator": "or", "order": "title"},
    ).json()
    assert [d["title"] for d in ordered["items"]] == [
        "Bilan du glanage solidaire",
        "Guide de la ressourcerie",
    ]
