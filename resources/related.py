"""'Related resources' shown on a resource page: shared themes, territories and actors."""

from __future__ import annotations

from django.db.models import Count, Q


def related_resources(page, limit: int = 4) -> list:
    from resources.models import ResourcePage

    theme_ids = list(page.themes.values_list("pk", flat=True))
    territory_ids = list(page.page_territories.values_list("territory_id", flat=True))
    actor_ids = list(page.page_actors.values_list("organisation_id", flat=True))
    if not (theme_ids or territory_ids or actor_ids):
        return []
    qs = (
        ResourcePage.objects.live()
        .public()
        .exclude(pk=page.pk)
        .annotate(
            score=Count("themes", filter=Q(themes__in=theme_ids), distinct=True)
            + Count("page_territories", filter=Q(page_territories__territory_id__in=territory_ids), distinct=True)
            + Count("page_actors", filter=Q(page_actors__organisation_id__in=actor_ids), distinct=True)
        )
        .filter(score__gt=0)
        .order_by("-score", "-date")
    )
    return [p.specific for p in qs[:limit]]
