"""Every public URL and every public form under hostile parameters: never a 500 (issue 22, item 10). Both modes.

The URLs are enumerated from the URL configuration, so a new public URL fails `test_every_public_url_is_fuzzed`
until it is given sample arguments here (or excluded, with its reason). Parameters come from three places: a list of
the names the project's views read, the names of every field of the forms each page shows (GET and POST forms,
found in its HTML), and the parameters the OpenAPI description declares. Each is sent with each hostile class:
huge integers, negative numbers, control characters, NUL, very long strings, invalid UTF-8 percent-escapes and
arrays (the parameter repeated, and PHP-style `name[]`).
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import PageViewRestriction

from actors.models import Organisation
from alerts.models import Subscription
from alerts.saved import SavedSearch
from alerts.tokens import make_confirm_token, make_unsubscribe_token
from resources.models import ToolkitPage
from taxonomy.models import Territory, Theme
from testing import factories
from testing.factories import add
from tests.helpers.extraction_samples import make_pdf

# name → raw (already percent-encoded) query-string values, one class each
HOSTILE = {
    "huge integer": ["9223372036854775808", "9" * 40],
    "negative": ["-1", "-9223372036854775809"],
    "control characters": [quote("ess\x01\x1b[31m\x7f")],
    "NUL": [quote("ess\x00"), "%00"],
    "very long": [quote("é" * 3000), "9" * 5000],
    "invalid UTF-8": ["%FF%FE", "%C3%28ess", "%E2%82"],
}
# The names the project's views read (search, listing, directory, feeds, widget, viewer, thumbnails, redirects).
KNOWN = [
    "q",
    "page",
    "type",
    "theme",
    "territoire",
    "annee",
    "format",
    "sort",
    "tri",
    "exact",
    "secteur",
    "forme",
    "commune",
    "departement",
    "region",
    "nombre",
    "recherche",
    "next",
    "utm_source",
    "p",
    "embed",
    "zoom",
    "id",
    "famille",
    "activite",
    "taille",
    "club",
    "bbox",
]
# Wagtail's API v2 filters beside those its OpenAPI description declares (an unknown name is a 400 there).
API_FILTERS = [
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
    "html_path",
    "id",
    "title",
    "locale",
    "site",
    "type",
    "slug",
    "show_in_menus",
]
# Public URL patterns that take no hostile parameters, with the reason.
EXCLUDED = {
    r"^media/": "renditions and files: path only (tests/security/test_media_serving.py)",
    r"^static/": "static files (DEBUG only)",
}
ADMIN = ("admin/",)


def patterns(resolvers=None, prefix=""):
    """(route, pattern) of every URL pattern, routes joined as text."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


@pytest.fixture
def content(db, media_root, search_backend, tmp_path):
    index = factories.site_tree()
    region = Territory.objects.create(level="region", code="76", name="Occitanie")
    theme = Theme.objects.create(name="Réemploi", slug="reemploi")
    document = factories.document(
        make_pdf(tmp_path / "ess.pdf", ["économie sociale et solidaire"]), "Fiche ESS"
    )
    meeting = factories.meeting(index, "Rencontre ESS", documents=[document], territories=[region])
    add(index, ToolkitPage(title="Kit 2024", slug="kit", date=date(2024, 2, 1)))
    secret = factories.meeting(index, "Réunion protégée")
    PageViewRestriction.objects.create(page=secret, restriction_type="password", password="secret")
    organisation = Organisation.objects.create(name="Recyclerie du Lauragais")
    saved = SavedSearch("compost", {})
    subscription = Subscription.objects.create(
        email="a@b.fr", query="compost", filters={}, search_key=saved.key
    )
    restriction = secret.view_restrictions.get().pk
    doc, slug, confirm = (
        document.pk,
        document.get_absolute_url().rstrip("/").rsplit("/", 1)[-1],
        subscription.key,
    )
    page_password_form = f"/_util/authenticate_with_password/{restriction}/{secret.pk}/"
    # route (as the URL configuration spells it) → a URL of it to fuzz
    return {
        "documents/^(\\d+)/(.*)$": f"/documents/{doc}/ess.pdf",
        "documents/authenticate_with_password/<int:restriction_id>/": None,  # a password collection's form: below
        "recherche/flux.atom": "/recherche/flux.atom",
        "alertes/abonnement/": "/alertes/abonnement/",
        "alertes/confirmer/<str:token>/": f"/alertes/confirmer/{make_confirm_token(confirm)}/",
        "alertes/desabonnement/<str:token>/": f"/alertes/desabonnement/{make_unsubscribe_token(confirm)}/",
        "sitemap.xml": "/sitemap.xml",
        "plan-du-site/": "/plan-du-site/",
        "recherche/": "/recherche/",
        "api/search/": "/api/search/",
        "api/autocomplete/": "/api/autocomplete/",
        "api/v2/^pages/": "/api/v2/pages/",
        "api/v2/^pages/<int:pk>/": f"/api/v2/pages/{meeting.pk}/",
        "api/v2/^pages/find/": "/api/v2/pages/find/",
        "api/v2/^documents/": "/api/v2/documents/",
        "api/v2/^documents/<int:pk>/": f"/api/v2/documents/{doc}/",
        "api/v2/^documents/find/": "/api/v2/documents/find/",
        "api/v2/^images/": "/api/v2/images/",
        "api/v2/^images/<int:pk>/": "/api/v2/images/1/",
        "api/v2/^images/find/": "/api/v2/images/find/",
        "api/": "/api/",
        "api/openapi.json": "/api/openapi.json",
        "api/widget/": "/api/widget/",
        "acteurs/": "/acteurs/",
        "acteurs/export.csv": "/acteurs/export.csv",
        "acteurs/carte.geojson": "/acteurs/carte.geojson",
        "acteurs/territoire/": "/acteurs/territoire/",
        "acteurs/territoire/<str:key>/": "/acteurs/territoire/region-76/",
        "acteurs/<slug:slug>/": f"/acteurs/{organisation.slug}/",
        "^flux/ressources\\.(?P<fmt>xml|atom)$": "/flux/ressources.atom",
        "^flux/type/(?P<value>[a-z]+)\\.(?P<fmt>xml|atom)$": "/flux/type/meetingreportpage.xml",
        "^flux/theme/(?P<value>[-\\w]+)\\.(?P<fmt>xml|atom)$": f"/flux/theme/{theme.slug}.xml",
        "^flux/territoire/(?P<value>[a-z]+-[0-9A-Za-z]+)\\.(?P<fmt>xml|atom)$": "/flux/territoire/region-76.atom",
        "r/<int:pk>/": f"/r/{meeting.pk}/",
        "apercu/document/<int:pk>/<int:page>.png": f"/apercu/document/{doc}/1.png",
        "document/<int:pk>/": f"/document/{doc}/",
        "document/<int:pk>/<str:slug>/": f"/document/{doc}/{slug}/",
        "document/<int:pk>/<str:slug>/lecture/": f"/document/{doc}/{slug}/lecture/",
        "document/<int:pk>/<str:slug>/document.pdf": f"/document/{doc}/{slug}/document.pdf",
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": page_password_form,
        "_util/login/": "/_util/login/",
        "^((?:[\\w\\-]+/)*)$": meeting.url,
        "recherche/flux/": "/recherche/flux/",
        "agenda/": "/agenda/",
        "agenda/agenda.ics": "/agenda/agenda.ics",
        "agenda/rencontre/<int:page_id>.ics": f"/agenda/rencontre/{meeting.pk}.ics",
        "agenda/rencontre/<int:page_id>/inscription/": f"/agenda/rencontre/{meeting.pk}/inscription/",
        "inscriptions/confirmer/<str:token>/": "/inscriptions/confirmer/jeton-inconnu/",
        "inscriptions/gerer/<str:token>/": "/inscriptions/gerer/jeton-inconnu/",
        "api/portrait/<str:key>/": "/api/portrait/region-76/",
        "acteurs/territoires.json": "/acteurs/territoires.json",
        "acteurs/territoire/<str:key>/etablissements-ess.csv": "/acteurs/territoire/region-76/etablissements-ess.csv",
        "listing": index.url,
        "password_page": secret.url,
    }


def public_urls(samples: dict) -> list[str]:
    """A URL of every public pattern; fails naming the patterns this test does not cover yet."""
    urls, missing = [], []
    for route, _pattern in patterns():
        if route.startswith(ADMIN) or any(re.match(rx, route) for rx in EXCLUDED):
            continue
        if route not in samples:
            missing.append(route)
        elif samples[route]:
            urls.append(samples[route])
    assert not missing, f"public URL patterns without a sample URL in this test: {missing}"
    return urls + [samples["listing"], samples["password_page"]]


def form_fields(html: str) -> tuple[set[str], list[tuple[str, set[str]]]]:
    """(names of GET form fields, [(action, names) of POST forms]) found in a page."""
    get_names, posts = set(), []
    for form in re.finditer(r"<form\b([^>]*)>(.*?)</form>", html, re.S | re.I):
        attrs, body = form.group(1), form.group(2)
        names = set(
            re.findall(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', body, re.I)
        ) - {"csrfmiddlewaretoken"}
        if re.search(r'method="post"', attrs, re.I):
            action = re.search(r'action="([^"]*)"', attrs)
            posts.append((action.group(1) if action else "", names))
        else:
            get_names |= names
    return get_names, posts


def openapi_parameters(client) -> dict[re.Pattern, set[str]]:
    """The parameters the OpenAPI description declares, per path (as a pattern matching its URLs)."""
    spec = client.get("/api/openapi.json").json()
    out = {}
    for path, item in spec["paths"].items():
        names = set()
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if "$ref" in parameter:
                    parameter = spec["components"]["parameters"][
                        parameter["$ref"].rsplit("/", 1)[-1]
                    ]
                if parameter.get("in", "query") == "query":
                    names.add(parameter["name"])
        out[re.compile("^" + re.sub(r"\\\{\w+\\\}", r"\\d+", re.escape(path)) + "$")] = names
    return out


def parameters_of(url: str, declared: dict[re.Pattern, set[str]], form_names: set[str]) -> set[str]:
    path = url.split("?")[0]
    for pattern, names in declared.items():
        if pattern.match(path):
            return names | (set(API_FILTERS) if path.startswith("/api/v2/") else set())
    if path.startswith("/api/v2/"):
        return set(API_FILTERS)
    return set(KNOWN) | form_names


def check(client, method: str, url: str, raw: str, failures: list) -> int:
    """Records a 500 (the client answers as a server would, without raising the view's exception)."""
    separator = "&" if "?" in url else "?"
    if method == "GET":
        response = client.get(f"{url}{separator}{raw}")
    else:
        response = client.post(url, raw, content_type="application/x-www-form-urlencoded")
    if response.status_code >= 500:
        failures.append(f"{method} {url} {raw[:120]} → {response.status_code}")
    return response.status_code


@pytest.mark.django_db
def test_every_public_url_is_fuzzed(client, content):
    urls = public_urls(content)
    assert (
        "/sitemap.xml" in urls and "/recherche/flux.atom" in urls and "/api/v2/pages/find/" in urls
    )


@pytest.mark.django_db
def test_every_public_parameter_survives_hostile_values(content, settings):
    settings.MAILLAGE_ALERTS = {**settings.MAILLAGE_ALERTS, "REQUESTS_PER_CLIENT": (10**6, 3600)}
    client = Client(raise_request_exception=False)
    urls = public_urls(content)
    declared = openapi_parameters(client)
    form_names: set[str] = set()
    posts: dict[str, set[str]] = {}
    for url in urls + ["/recherche/?q=compost"]:
        response = client.get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            get_names, forms = form_fields(response.content.decode())
            form_names |= get_names
            for action, fields in forms:
                posts.setdefault(action or url, set()).update(fields)
    assert {"email", "frequency", "recherche"} <= posts.get("/alertes/abonnement/", set()), posts
    assert any("authenticate_with_password" in action for action in posts), posts
    assert {"q", "limit", "offset", "fields"} <= set().union(*declared.values())
    failures: list[str] = []
    for url in urls:
        names = sorted(parameters_of(url, declared, form_names))
        for values in [*HOSTILE.values(), ["1", "2"]]:  # the last: arrays
            for value in values:
                query = "&".join(f"{quote(n)}={value}" for n in names)
                if values == ["1", "2"]:
                    query = "&".join(f"{quote(n)}=1&{quote(n)}=2&{quote(n)}[]=3" for n in names)
                status = check(client, "GET", url, query, failures)
                if 400 <= status < 500 and value == values[0]:
                    # refused as a whole: each parameter alone, so that one refusal does not hide another's 500
                    for name in names:
                        alone = (
                            f"{quote(name)}=1&{quote(name)}=2"
                            if values == ["1", "2"]
                            else f"{quote(name)}={value}"
                        )
                        check(client, "GET", url, alone, failures)
    for action, fields in posts.items():
        base = {"email": "a@b.fr", "frequency": "weekly", "recherche": "q=compost", "password": "x"}
        for field in sorted(fields):
            for values in HOSTILE.values():
                for value in values:
                    others = "&".join(
                        f"{quote(n)}={quote(v)}" for n, v in base.items() if n != field
                    )
                    check(client, "POST", action, f"{others}&{quote(field)}={value}", failures)
                    if (
                        field == "recherche"
                    ):  # a query string inside the form: the hostile value inside it
                        check(
                            client,
                            "POST",
                            action,
                            f"{others}&recherche={quote('q=')}{quote(value)}",
                            failures,
                        )
            check(client, "POST", action, f"{quote(field)}=1&{quote(field)}=2", failures)
    assert not failures, "\n".join(failures[:40])


@pytest.mark.django_db
def test_the_reported_500s(client, content):
    """The cases issue 22 found, named."""
    for endpoint in ("pages", "documents", "images"):
        response = client.get(f"/api/v2/{endpoint}/?offset=9223372036854775808")
        assert response.status_code == 200 and response.json()["items"] == []
    assert client.get("/recherche/flux.atom?q=ess%01").status_code == 200
    assert client.get("/api/v2/pages/find/?html_path=%00").status_code in (302, 400, 404)
    response = client.post(
        "/alertes/abonnement/", {"email": "a@b.fr", "frequency": "weekly", "recherche": "q=ess%00"}
    )
    assert response.status_code == 200
    assert Subscription.objects.filter(query="ess").exists()
