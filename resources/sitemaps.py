"""The XML sitemap's documents: one entry per public document page (/document/<id>/<slug>/)."""

from __future__ import annotations

from wagtail.contrib.sitemaps import Sitemap

from resources.document_links import document_page_url
from resources.models import ResourceDocument
from resources.visibility import document_is_public, pages_attaching


def public_documents() -> list[ResourceDocument]:
    """Documents anyone may open, as the search index and the document views count them."""
    documents = ResourceDocument.objects.select_related("collection").order_by("pk")
    return [d for d in documents if document_is_public(d, pages_attaching(d))]


class DocumentSitemap(Sitemap):
    """Wagtail's sitemap class for the site's address (root_url), over documents rather than pages."""

    def items(self) -> list[ResourceDocument]:
        return public_documents()

    def _urls(self, page, protocol, domain):
        root = self.get_wagtail_site().root_url
        urls = [
            {"item": d, "location": f"{root}{document_page_url(d.pk, d.title)}", "lastmod": d.created_at}
            for d in self.paginator.page(page).object_list
        ]
        if urls:
            self.latest_lastmod = max(u["lastmod"] for u in urls)
        return urls
