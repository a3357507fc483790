"""List filters of the directory's admin (wagtail-modeladmin uses Django admin's list filters)."""

from __future__ import annotations

from django.contrib.admin import SimpleListFilter

from actors.filters import in_territory
from taxonomy.models import Territory, Theme


class TerritoryFilter(SimpleListFilter):
    """Regions and departments holding actors; any territory key (EPCI, commune) also works in the URL."""

    title = "territoire"
    parameter_name = "territoire"

    def lookups(self, request, model_admin):
        paths = (
            model_admin.model.objects.exclude(commune=None)
            .values_list("commune__path", flat=True)
            .distinct()
        )
        keys = {part for p in paths.iterator() for part in p.split("/")[1:3] if part}
        territories = (
            Territory.objects.for_keys(keys)
            .filter(level__in=[Territory.Level.REGION, Territory.Level.DEPARTMENT])
            .order_by("path")
        )
        choices = [
            (t.key, t.name if t.level == Territory.Level.REGION else f"— {t.name} ({t.code})")
            for t in territories
            if t.key in keys
        ]
        current = Territory.from_key(self.value())
        if current and current.key not in keys:
            choices.append((current.key, str(current)))
        return choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        territory = Territory.from_key(self.value())
        return queryset.filter(in_territory(territory)) if territory else queryset.none()


class SectorFilter(SimpleListFilter):
    title = "secteur"
    parameter_name = "secteur"

    def lookups(self, request, model_admin):
        return list(Theme.objects.values_list("slug", "name"))

    def queryset(self, request, queryset):
        return queryset.filter(themes__slug=self.value()) if self.value() else queryset
