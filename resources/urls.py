"""Feeds (/flux/…), permanent addresses (/r/<id>/) of resources, documents' pages, viewer and thumbnails."""

from django.urls import path, re_path

from resources.document_views import (
    derived_pdf_file,
    document_page,
    document_viewer,
    page_thumbnail,
)
from resources.feeds import resource_feed
from resources.views import permalink

app_name = "resources"
FMT = r"(?P<fmt>xml|atom)"

urlpatterns = [
    re_path(rf"^flux/ressources\.{FMT}$", resource_feed, name="feed"),
    re_path(
        rf"^flux/type/(?P<value>[a-z]+)\.{FMT}$", resource_feed, {"kind": "type"}, name="feed_type"
    ),
    re_path(
        rf"^flux/theme/(?P<value>[-\w]+)\.{FMT}$",
        resource_feed,
        {"kind": "theme"},
        name="feed_theme",
    ),
    re_path(
        rf"^flux/territoire/(?P<value>[a-z]+-[0-9A-Za-z]+)\.{FMT}$",
        resource_feed,
        {"kind": "territoire"},
        name="feed_territory",
    ),
    path("r/<int:pk>/", permalink, name="permalink"),
    path("apercu/document/<int:pk>/<int:page>.png", page_thumbnail, name="document_thumbnail"),
    path("document/<int:pk>/", document_page, name="document_page_short"),
    path("document/<int:pk>/<str:slug>/", document_page, name="document_page"),
    path("document/<int:pk>/<str:slug>/lecture/", document_viewer, name="document_viewer"),
    path("document/<int:pk>/<str:slug>/document.pdf", derived_pdf_file, name="document_pdf"),
]
