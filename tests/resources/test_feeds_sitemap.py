"""RSS/Atom feeds of new resources (all, per type, theme, territory) and the XML sitemap."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from resources.models import LearningVisitPage, MeetingReportPage, ResourceTerritory, ToolkitPage
from taxonomy.models import Territory, Theme
from testing.factories import add

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def content(index):
    region = Territory.objects.create(level="region", code="76", name="Occitanie")
    dept = Territory.objects.create(
        level="department", code="31", name="Haute-Garonne", parent=region
    )
    other = Territory.objects.create(level="region", code="53", name="Bretagne")
    insertion = Theme.objects.create(name="Insertion")
    meeting = add(
        index,
        MeetingReportPage(
            title="Rencontre du club",
            slug="rencontre",
            summary="Le club à Ramonville.",
            date=date(2023, 11, 30),
        ),
        page_territories=[ResourceTerritory(territory=dept)],
    )
    sheet = add(
        index,
        LearningVisitPage(
            title="Fiche DPV la Rafistolerie", slug="rafistolerie", date=date(2023, 11, 30)
        ),
        page_territories=[ResourceTerritory(territory=other)],
    )
    sheet.themes.add(insertion)
    sheet.save_revision().publish()
    draft = ToolkitPage(title="Brouillon non publié", slug="brouillon", date=date(2024, 1, 1))
    index.add_child(instance=draft)
    draft.unpublish()
    private = add(index, ToolkitPage(title="Fiche réservée", slug="reservee"))
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    return {"meeting": meeting, "sheet": sheet}


def rss_items(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    return [{child.tag: child.text for child in item} for item in channel.findall("item")]


def test_main_feed_lists_new_public_resources_newest_first(client, content):
    items = rss_items(client, "/flux/ressources.xml")
    assert [i["title"] for i in items] == ["Fiche DPV la Rafistolerie", "Rencontre du club"]
    meeting = content["meeting"]
    assert items[1]["link"] == f"http://testserver{meeting.url}"
    assert items[1]["guid"] == f"http://testserver/r/{meeting.pk}/"
    assert "Le club à Ramonville." in items[1]["description"]


def test_atom_feed(client, content):
    response = client.get("/flux/ressources.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")] == [
        "Fiche DPV la Rafistolerie",
        "Rencontre du club",
    ]


def test_feeds_per_type_theme_and_territory(client, content):
    assert [i["title"] for i in rss_items(client, "/flux/type/meetingreportpage.xml")] == [
        "Rencontre du club"
    ]
    assert [i["title"] for i in rss_items(client, "/flux/theme/insertion.xml")] == [
        "Fiche DPV la Rafistolerie"
    ]
    # A region's feed includes what is filed under its departments.
    assert [i["title"] for i in rss_items(client, "/flux/territoire/region-76.xml")] == [
        "Rencontre du club"
    ]
    assert [i["title"] for i in rss_items(client, "/flux/ressources.xml?theme=insertion")] == [
        "Fiche DPV la Rafistolerie"
    ]
    for url in (
        "/flux/type/inconnu.xml",
        "/flux/theme/inconnu.atom",
        "/flux/territoire/region-99.xml",
    ):
        assert client.get(url).status_code == 404


def test_a_renamed_page_keeps_its_feed_id(client, content):
    meeting = content["meeting"]
    guid = rss_items(client, "/flux/ressources.xml")[1]["guid"]
    meeting.slug = "rencontre-renommee"
    meeting.save_revision().publish()
    item = next(
        i for i in rss_items(client, "/flux/ressources.xml") if i["title"] == "Rencontre du club"
    )
    assert item["guid"] == guid and item["link"].endswith("/rencontre-renommee/")


def test_a_page_published_later_comes_first(client, content):
    content["meeting"].first_published_at = timezone.now() + timezone.timedelta(minutes=1)
    content["meeting"].save()
    assert rss_items(client, "/flux/ressources.xml")[0]["title"] == "Rencontre du club"


def test_sitemap_lists_live_public_pages_only(client, content):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    root = ElementTree.fromstring(response.content)
    locations = [u.find("{http://www.sitemaps.org/schemas/sitemap/0.9}loc").text for u in root]
    assert "http://localhost/ressources/rencontre/" in locations
    assert "http://localhost/ressources/rafistolerie/" in locations
    assert "brouillon" not in xml and "reservee" not in xml
    assert "<lastmod>" in xml


def test_pages_link_to_the_feeds(client, content):
    html = client.get(content["meeting"].url).content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/flux/ressources.xml"' in html
    assert 'type="application/atom+xml"' in html and 'href="/flux/ressources.atom"' in html


def _locations(client) -> list[str]:
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    return [u.find("{http://www.sitemaps.org/schemas/sitemap/0.9}loc").text for u in root]


def _documents_on_pages(index, start: int, count: int) -> list:
    from testing import factories

    out = []
    for n in range(start, start + count):
        document = factories.document(
            b"%PDF-1.4 vide", title=f"Fiche {n}", filename=f"fiche-{n}.pdf"
        )
        factories.meeting(index, f"Rencontre {n}", documents=[document])
        out.append(document)
    return out


def test_sitemap_costs_a_constant_number_of_queries_and_is_cached_until_the_public_set_changes(
    client, index, django_assert_max_num_queries, django_assert_num_queries
):
    """Issue 22, item 9: the sitemap ran about 7 queries per document (3,020 documents: 8,940 queries, 15.6 s)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Collection, CollectionViewRestriction

    _documents_on_pages(index, 0, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/sitemap.xml").status_code == 200
    cache.clear()
    documents = _documents_on_pages(index, 2, 12)
    with django_assert_max_num_queries(
        len(few)
    ):  # 14 documents and pages: no more queries than for 2
        locations = _locations(client)
    assert sum("/document/" in loc for loc in locations) == 14
    # Unchanged: served from the cache, reading only the public set's digest (pages, documents, site).
    with CaptureQueriesContext(connection) as cached:
        assert _locations(client) == locations
    assert len(cached) < len(few)
    # A write that bypasses save() and every signal still changes what is served: a collection made private.
    private = Collection.get_first_root_node().add_child(name="Bureau")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    type(documents[0]).objects.filter(pk=documents[0].pk).update(collection=private)
    after = _locations(client)
    assert len(after) == len(locations) - 1 and not any(
        f"/document/{documents[0].pk}/" in loc for loc in after
    )
