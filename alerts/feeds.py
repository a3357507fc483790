"""An Atom feed for any search: /recherche/flux.atom?q=…&theme=…&territoire=…, newest resources first.

Same style as resources/feeds.py; the items come from the public search backend (public content only, the same
parser and facets as /recherche/), pages and documents. Entries are dated by their first publication on the site
(a 2023 report published today is new for a feed reader) and ordered so; the resource's own date stays in the
content. /recherche/flux/?… is the same feed as a page a visitor can read (`feed_page`), linked from the search.
"""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from alerts.matching import passage_place
from alerts.saved import SavedSearch
from core.french import date_fr
from resources.document_urls import document_page_url
from resources.models import ResourceDocument, ResourcePage
from search.backends import SearchRequest, SearchUnavailable, get_backend
from search.facets import type_labels
from search.public_set import public_only
from search.query import parse

FEED_SIZE = 30
SCAN_SIZE = 100  # hits read (newest resource dates first) to find the latest published among them
KINDS = ["page", "document"]  # resources; the directory's organisations have no date


class SearchFeed(Feed):
    feed_type = Atom1Feed
    language = "fr"

    def get_object(self, request: HttpRequest) -> dict:
        saved = SavedSearch.from_params(request.GET)
        hits = []
        if not saved.is_empty:
            filters = {**saved.filters, "kind": KINDS}
            hits = public_only(
                get_backend()
                .search(
                    SearchRequest(
                        query=parse(saved.query),
                        filters=filters,
                        sort="date",
                        per_page=SCAN_SIZE,
                        with_facets=False,
                        highlights_per_hit=1,
                    )
                )
                .hits
            )
            hits = by_first_publication(hits)[:FEED_SIZE]
        return {"saved": saved, "hits": hits, "request": request}

    def title(self, obj: dict) -> str:
        return f"Maillage — recherche {obj['saved'].describe()}"

    def link(self, obj: dict) -> str:
        return obj["saved"].search_path()

    def feed_url(self, obj: dict) -> str:
        return obj["request"].get_full_path()

    def subtitle(self, obj: dict) -> str:
        return "Les ressources les plus récentes pour cette recherche, du centre de ressources ESS des collectivités."

    def items(self, obj: dict) -> list:
        self._labels = type_labels()
        return obj["hits"]

    def item_title(self, hit) -> str:
        return hit.source["title"]

    def item_description(self, hit) -> str:
        src = hit.source
        head = f"{self._labels.get(src.get('type'), '')} · {date_fr(src.get('date'))}."
        if hit.highlights:
            h = hit.highlights[0]
            where = (
                f"{passage_place(src, h.page)} : "
                if src["kind"] == "document" and h.page is not None
                else ""
            )
            return f"{head} {where}{h.text}"
        return f"{head} {src.get('summary') or ''}".strip()

    def item_link(self, hit) -> str:
        kind, pk = hit.id.split(":", 1)
        if kind == "document":  # the document's own page (facts, viewer), not the raw file
            return document_page_url(int(pk), hit.source["title"])
        return hit.source["url"]

    def item_guid(self, hit) -> str:
        kind, pk = hit.id.split(":", 1)
        if kind == "page":
            return self.request.build_absolute_uri(reverse("resources:permalink", args=[pk]))
        if kind == "document":  # by id: the same entry after a new title or a replaced file
            return self.request.build_absolute_uri(
                reverse("resources:document_page_short", args=[int(pk)])
            )
        return self.request.build_absolute_uri(hit.source["url"])

    item_guid_is_permalink = True

    def item_pubdate(self, hit):
        return hit.published_at

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)


def by_first_publication(hits: list) -> list:
    """The hits, each with `published_at` (a page's first publication, a document's upload), newest first."""
    pages = {
        f"page:{pk}": when
        for pk, when in ResourcePage.objects.filter(
            pk__in=[int(h.id.split(":")[1]) for h in hits if h.id.startswith("page:")]
        ).values_list("pk", "first_published_at")
    }
    documents = {
        f"document:{pk}": when
        for pk, when in ResourceDocument.objects.filter(
            pk__in=[int(h.id.split(":")[1]) for h in hits if h.id.startswith("document:")]
        ).values_list("pk", "created_at")
    }
    for hit in hits:
        hit.published_at = (
            pages.get(hit.id) or documents.get(hit.id) or _noon(hit.source.get("date"))
        )
    return sorted(
        hits,
        key=lambda h: h.published_at or timezone.make_aware(datetime.min.replace(year=1900)),
        reverse=True,
    )


def _noon(value: str | None) -> datetime | None:
    if not value:
        return None
    return timezone.make_aware(
        datetime.combine(datetime.fromisoformat(value[:10]).date(), time(12))
    )


def feed_page(request: HttpRequest) -> HttpResponse:
    """The search's feed as a page: what a feed is, its address to copy into a reader, and its latest entries."""
    try:
        feed = SearchFeed()
        feed.request = request
        obj = feed.get_object(request)
    except SearchUnavailable:
        obj = None
    labels = type_labels()
    saved = obj["saved"] if obj else SavedSearch.from_params(request.GET)
    entries = [
        {
            "title": feed.item_title(hit),
            "url": feed.item_link(hit),
            "published_at": hit.published_at,
            "type": labels.get(hit.source.get("type"), ""),
            "date": hit.source.get("date"),
        }
        for hit in (obj["hits"] if obj else [])
    ]
    query = request.GET.urlencode()
    return TemplateResponse(
        request,
        "alerts/feed_page.html",
        {
            "describe": saved.describe(),
            "entries": entries,
            "unavailable": obj is None,
            "search_path": saved.search_path(),
            "feed_url": request.build_absolute_uri(f"{reverse('alerts:search_feed')}?{query}"),
        },
    )


def search_feed(request: HttpRequest) -> HttpResponse:
    try:
        return SearchFeed()(request)
    except SearchUnavailable:
        return HttpResponse(
            "La recherche est momentanément indisponible : réessayez dans quelques minutes.",
            status=503,
            content_type="text/plain; charset=utf-8",
            headers={"Retry-After": "120"},
        )
