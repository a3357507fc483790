"""A search's Atom feed dates its entries by their first publication on the site (a 2023 report published today is
new for a feed reader) and keeps the resource's date in the content; « flux Atom » opens a readable page."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from resources.models import ResourcePage
from search.indexing import rebuild
from testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_reports(search_backend, media_root):
    index = factories.site_tree()
    recent = factories.meeting(
        index, "Composteurs de 2026", date=date(2026, 11, 2), summary="Composteurs partagés."
    )
    old = factories.meeting(
        index, "Composteurs de 2023", date=date(2023, 5, 9), summary="Composteurs de quartier."
    )
    ResourcePage.objects.filter(pk=recent.pk).update(
        first_published_at=timezone.now() - timedelta(days=20)
    )
    rebuild()
    return old, recent


def test_entries_are_dated_and_ordered_by_first_publication(client, two_reports):
    old, recent = two_reports
    xml = client.get("/recherche/flux.atom?q=composteurs").content.decode()
    entries = re.findall(r"<entry>(.*?)</entry>", xml, re.S)
    assert [re.search(r"<title>(.*?)</title>", e).group(1) for e in entries] == [
        old.title,
        recent.title,
    ]
    # the instant of the first publication, whatever offset the feed writes it with (UTC's date and Paris's differ
    # between midnight and 1 or 2 a.m.)
    published = datetime.fromisoformat(re.search(r"<published>([^<]+)<", entries[0]).group(1))
    assert (
        timezone.localdate(published)
        == timezone.localdate(old.first_published_at)
        != date(2023, 5, 9)
    )
    assert "9 mai 2023" in entries[0]  # the resource's own date, in the content


def test_the_feed_link_opens_a_readable_page(client, two_reports):
    search = client.get("/recherche/?q=composteurs").content.decode()
    assert 'href="/recherche/flux/?q=composteurs">flux Atom de cette recherche</a>' in search
    page = client.get("/recherche/flux/?q=composteurs")
    html = page.content.decode()
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert (
        "Suivre la recherche" in html
        and 'value="http://testserver/recherche/flux.atom?q=composteurs"' in html
    )
    assert html.index("Composteurs de 2023") < html.index("Composteurs de 2026")
    assert "daté du 9 mai 2023" in html and "publié sur le site le" in html
