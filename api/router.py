"""Wagtail's API v2 at /api/v2/: pages, documents and images, read-only and public content only.

Pages: Wagtail already serves only live pages outside view restrictions. Documents: only those anyone may open
(`ResourceDocument.objects.public()`, the rule search and the pages follow). Images: Wagtail leaves out those in
restricted collections.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from resources.models import ResourceDocument


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    body_fields = DocumentsAPIViewSet.body_fields + ["page_count", "extracted_format"]

    def get_queryset(self):
        return ResourceDocument.objects.public().order_by("id")


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
