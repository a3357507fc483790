"""How editors manage themes and territories. The menu places them with their neighbours: `ThemeViewSet` in
*Vocabulaires* beside the clubs (resources/wagtail_hooks.py), `TerritoryAdmin` in *Annuaire ESS* beside
organisations and people (actors/wagtail_hooks.py); each is registered once, there."""

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from core.french_admin import FrenchModelAdmin
from taxonomy.models import Territory, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Thèmes"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class TerritoryAdmin(FrenchModelAdmin):
    model = Territory
    menu_label = "Territoires"
    menu_icon = "site"
    list_display = ["name", "level", "code", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code", "postal_codes"]
    list_per_page = 50
    panels = [
        FieldPanel("name"),
        FieldPanel("level"),
        FieldPanel("code"),
        FieldPanel("parent"),
        FieldPanel("postal_codes"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")
