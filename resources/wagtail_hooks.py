"""Admin for resource vocabularies and the documents' extraction status."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from resources import admin_views
from resources.models import Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Thèmes"
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(ThemeViewSet)


@hooks.register("register_admin_urls")
def _urls():
    return [
        path("extraction/", admin_views.extraction_status, name="maillage_extraction_status"),
        path("extraction/<int:pk>/relancer/", admin_views.retry_extraction, name="maillage_retry_extraction"),
    ]


@hooks.register("register_admin_menu_item")
def _menu_item():
    return MenuItem("Extraction des documents", reverse("maillage_extraction_status"), icon_name="doc-full-inverse",
                    order=410)
