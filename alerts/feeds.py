"""An Atom feed for any search: /recherche/flux.atom?q=…&theme=…&territoire=…, newest resources first.

Same style as resources/feeds.py; the items come from the public search backend (public content only, the same
parser and facets as /recherche/), pages and documents, newest first.
"""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from actors.templatetags.french_format import date_fr
from alerts.matching import passage_place
from alerts.saved import SavedSearch
from resources.document_links import document_page_url
from search.backends import SearchRequest, SearchUnavailable, get_backend
from search.facets import type_labels
from search.public_set import public_only
from search.query import parse

FEED_SIZE = 30
KINDS = ["page", "document"]  # resources; the directory's organisations have no date


class SearchFeed(Feed):
    feed_type = Atom1Feed
    language = "fr"

    def get_object(self, request: HttpRequest) -> dict:
        saved = SavedSearch.from_params(request.GET)
        hits = []
        if not saved.is_empty:
            filters = {**saved.filters, "kind": KINDS}
            hits = public_only(get_backend().search(SearchRequest(
                query=parse(saved.query), filters=filters, sort="date", per_page=FEED_SIZE, with_facets=False,
                highlights_per_hit=1)).hits)
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
            where = f"{passage_place(src, h.page)} : " if src["kind"] == "document" and h.page is not None else ""
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
            return self.request.build_absolute_uri(reverse("resources:document_page_short", args=[int(pk)]))
        return self.request.build_absolute_uri(hit.source["url"])

    item_guid_is_permalink = True

    def item_pubdate(self, hit):
        value = hit.source.get("date")
        if not value:
            return None
        return timezone.make_aware(datetime.combine(datetime.fromisoformat(value[:10]).date(), time(12)))

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)


def search_feed(request: HttpRequest) -> HttpResponse:
    try:
        return SearchFeed()(request)
    except SearchUnavailable:
        return HttpResponse("La recherche est momentanément indisponible : réessayez dans quelques minutes.",
                            status=503, content_type="text/plain; charset=utf-8", headers={"Retry-After": "120"})
