"""The XML sitemap (/sitemap.xml): Wagtail's pages plus one entry per public document page (/document/<id>/<slug>/).

A constant number of queries whatever the number of documents (`ResourceDocument.objects.public()`, the rule the API
follows), and the rendered XML is cached under a digest of the public set itself (ids, addresses and dates of the
public pages and documents, read in a few queries): any change of that set, by whatever path it was made (a save,
a `QuerySet.update`, a restriction), gives another key, so the cache never serves a stale list.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.models import Page, Site

from resources.document_urls import document_page_url
from resources.models import ResourceDocument

CACHE_SECONDS = (
    24 * 3600
)  # an unchanged public set keeps its XML this long; a changed one has another key


def public_documents():
    """Documents anyone may open, as the search index and the document views count them."""
    return ResourceDocument.objects.public().only("pk", "title", "created_at").order_by("pk")


class DocumentSitemap(Sitemap):
    """Wagtail's sitemap class for the site's address (root_url), over documents rather than pages."""

    def items(self):
        return public_documents()

    def _urls(self, page, protocol, domain):
        root = self.get_wagtail_site().root_url
        urls = [
            {
                "item": d,
                "location": f"{root}{document_page_url(d.pk, d.title)}",
                "lastmod": d.created_at,
            }
            for d in self.paginator.page(page).object_list
        ]
        if urls:
            self.latest_lastmod = max(u["lastmod"] for u in urls)
        return urls


SITEMAPS = {"pages": Sitemap, "documents": DocumentSitemap}


def _public_set_digest(request: HttpRequest) -> str:
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    pages = (
        Page.objects.live()
        .public()
        .order_by("pk")
        .values_list("pk", "url_path", "last_published_at", "latest_revision_created_at")
    )
    documents = public_documents().values_list("pk", "title", "created_at")
    state = repr(
        (
            site.root_url if site else "",
            site.root_page_id if site else 0,
            request.GET.get("p", ""),
            list(pages),
            list(documents),
        )
    )
    return hashlib.sha256(state.encode()).hexdigest()


def cached_sitemap(request: HttpRequest) -> HttpResponse:
    key = f"sitemap:{_public_set_digest(request)}"
    cached = cache.get(key)
    if cached is not None:
        return HttpResponse(cached, content_type="application/xml")
    response = sitemap(request, sitemaps=SITEMAPS)
    if hasattr(response, "render"):
        response.render()
    if response.status_code == 200:
        cache.set(key, response.content, CACHE_SECONDS)
    return response
