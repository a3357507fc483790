"""Admin entries of the search app: the analytics report (Rapports → Statistiques de recherche)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search import admin_views


@hooks.register("register_admin_urls")
def _urls():
    return [path("recherche/statistiques/", admin_views.search_analytics, name="maillage_search_analytics")]


@hooks.register("register_reports_menu_item")
def _analytics_menu_item():
    return MenuItem("Statistiques de recherche", reverse("maillage_search_analytics"), name="search-analytics",
                    icon_name="search", order=1290)
