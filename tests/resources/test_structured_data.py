"""schema.org JSON-LD on every public page type, checked against the shapes of the vocabulary it relies on:
each @type is a schema.org type whose properties (and the types of their values) are those schema.org defines."""

from __future__ import annotations

import json
import re

import pytest
from wagtail.models import Collection, CollectionViewRestriction

from actors.models import Organisation
from resources.models import LearningVisitPage, ResourcePage, StrategyPage, ToolkitPage
from tests.helpers.structured_data import check_node, json_ld


def described(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    nodes = json_ld(response.content.decode())
    for node in nodes:
        check_node(node)
    return nodes


@pytest.mark.django_db
def test_every_public_page_type_describes_itself(client, demo):
    home = described(client, "/")
    assert home[0]["@type"] == "WebSite"
    assert home[0]["potentialAction"]["target"]["urlTemplate"].endswith("/recherche/?q={q}")

    event, crumbs = described(client, demo.url)
    assert event["@type"] == "Event" and event["name"] == demo.title
    assert (
        event["startDate"] == "2023-11-30T09:30:00+01:00"
        and event["endDate"] == "2023-11-30T16:30:00+01:00"
    )
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"]["name"] == "Le Périscope"
    assert event["location"]["address"]["addressLocality"] == "Ramonville-Saint-Agne"
    organisers = {o["name"] for o in event["organizer"]}
    assert any("CRESS" in n or "Economie Sociale et Solidaire" in n for n in organisers)
    assert event["funder"] and event["performer"]
    assert [i["position"] for i in crumbs["itemListElement"]] == list(
        range(1, len(crumbs["itemListElement"]) + 1)
    )
    assert crumbs["itemListElement"][0]["name"] == "Accueil"
    assert crumbs["itemListElement"][-1]["item"].endswith(demo.url)

    kinds = {LearningVisitPage: "Report", StrategyPage: "Report", ToolkitPage: "CreativeWork"}
    for model, kind in kinds.items():
        page = model.objects.live().public().first()
        if page is None:
            continue
        main = described(client, page.url)[0]
        assert main["@type"] == kind and main["genre"] == model.resource_type_label
        assert main["datePublished"] and main["publisher"]["name"] == "Maillage"

    described(client, "/ressources/")  # a listing page: a WebPage with its breadcrumb

    organisation = Organisation.objects.exclude(address="").first() or Organisation.objects.first()
    organisation.siret = "35600000000048"  # La Poste's head office: a valid SIRET
    organisation.save()
    actor, actor_crumbs = described(client, organisation.get_absolute_url())
    assert actor["@type"] == "Organization" and actor["name"] == organisation.name
    assert actor["identifier"] == {
        "@type": "PropertyValue",
        "propertyID": "SIRET",
        "value": "35600000000048",
    }
    assert actor["address"]["addressCountry"] == "FR"
    assert [i["name"] for i in actor_crumbs["itemListElement"]] == [
        "Accueil",
        "Annuaire des acteurs",
        organisation.name,
    ]


@pytest.mark.django_db
def test_documents_named_in_structured_data_are_only_those_a_visitor_may_open(client, demo):
    page = next(
        p
        for p in ResourcePage.objects.live().public().specific()
        if len(p.documents()) >= 1 and not hasattr(p, "programme")
    )
    documents = page.documents()
    nodes = described(client, page.url)
    parts = nodes[0].get("hasPart", [])
    assert {p["name"] for p in parts} == {d.title for d in documents}
    assert all(p["encoding"]["contentUrl"].startswith("http") for p in parts)
    assert all(
        re.search(r"/document/\d+/[-\w]+/$", p["url"]) for p in parts
    )  # the document's own page
    secret = Collection.get_first_root_node().add_child(name="Réservé aux membres")
    CollectionViewRestriction.objects.create(
        collection=secret, restriction_type="password", password="x"
    )
    hidden = documents[0]
    hidden.collection = secret
    hidden.save()
    parts = described(client, page.url)[0].get("hasPart", [])
    assert hidden.title not in {p["name"] for p in parts}


@pytest.mark.django_db
def test_a_document_page_describes_its_document(client, demo):
    document = next(
        d for p in ResourcePage.objects.live().public().specific() for d in p.documents()
    )
    node, crumbs = described(client, document.get_absolute_url())
    assert node["@type"] == "DigitalDocument" and node["name"] == document.title
    assert node["url"].endswith(document.get_absolute_url())
    assert node["encoding"]["contentUrl"].endswith(document.url)
    assert crumbs["itemListElement"][0]["name"] == "Accueil"
    assert crumbs["itemListElement"][-1]["name"] == document.title


@pytest.mark.django_db
def test_titles_cannot_break_out_of_the_script(client, demo):
    demo.title = "Rencontre </script><script>alert(1)</script> & co"
    demo.save_revision().publish()
    html = client.get(demo.url).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and json.loads(block)["@graph"][0]["name"] == demo.title


@pytest.mark.django_db
def test_listing_views_outside_the_page_tree_describe_themselves(client, demo):
    """The directory, the territory pages, the site map and the search page are not Wagtail pages: each is a
    CollectionPage (or SearchResultsPage, or WebPage) with its breadcrumb; a territory page is about its place."""
    expected = [
        ("/acteurs/", "CollectionPage", ["Accueil", "Annuaire des acteurs de l'ESS"]),
        (
            "/acteurs/territoire/",
            "CollectionPage",
            ["Accueil", "Annuaire des acteurs", "Cartographie de mon territoire"],
        ),
        (
            "/acteurs/territoire/department-31/",
            "CollectionPage",
            [
                "Accueil",
                "Annuaire des acteurs",
                "Cartographie de mon territoire",
                "Occitanie",
                "Haute-Garonne",
            ],
        ),
        ("/plan-du-site/", "WebPage", ["Accueil", "Plan du site"]),
        ("/recherche/?q=glanage", "SearchResultsPage", ["Accueil", "Recherche"]),
    ]
    for url, kind, names in expected:
        main, crumbs = described(client, url)
        assert main["@type"] == kind and main["url"].startswith("http"), url
        assert [i["name"] for i in crumbs["itemListElement"]] == names, url
        assert crumbs["itemListElement"][-1]["item"] == main["url"]
    main, _ = described(client, "/acteurs/territoire/department-31/")
    assert (
        main["about"]["@type"] == "AdministrativeArea" and main["about"]["name"] == "Haute-Garonne"
    )
