"""Admin entries of the search app: the analytics report (Rapports → Statistiques de recherche), the synonym list."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search import admin_views
from search.models import SynonymGroup


@hooks.register("register_admin_urls")
def _urls():
    return [
        path(
            "recherche/statistiques/",
            admin_views.search_analytics,
            name="maillage_search_analytics",
        )
    ]


@hooks.register("register_admin_urls", order=-1)  # before Wagtail's own, which these paths replace
def _query_chooser_urls():
    """Wagtail's chooser of visitors' queries (promoted results) lists what visitors typed: it needs the
    statistics' permission, as the report does."""
    return [
        path(
            "searchpicks/queries/chooser/",
            admin_views.gated_query_chooser,
            name="maillage_query_chooser",
        ),
        path(
            "searchpicks/queries/chooser/results/",
            admin_views.gated_query_chooser_results,
            name="maillage_query_chooser_results",
        ),
    ]


class AnalyticsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_reports_menu_item")
def _analytics_menu_item():
    return AnalyticsMenuItem(
        "Statistiques de recherche",
        reverse("maillage_search_analytics"),
        name="search-analytics",
        icon_name="search",
        order=1290,
    )


@hooks.register("register_permissions")
def _analytics_permission():
    return Permission.objects.filter(
        content_type__app_label="maillage_search", codename="view_querystat"
    )


class SynonymGroupViewSet(SnippetViewSet):
    """Paramètres → Synonymes de recherche: applied by the next search, without re-indexing."""

    model = SynonymGroup
    icon = "search"
    menu_label = "Synonymes de recherche"
    menu_name = "synonymes"
    add_to_settings_menu = True
    list_display = ["terms", "source", "updated_at"]
    search_fields = ["terms", "source"]


register_snippet(SynonymGroupViewSet)
