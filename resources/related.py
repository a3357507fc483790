"""'Related resources' shown on a resource page: the editor's choice first, then shared themes, territories, actors."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Count, Q


def related_resources(page, limit: int = 4, exclude: Collection[int] = ()) -> list:
    """Up to `limit` live public resources, none of `exclude` (pages the page already lists elsewhere)."""
    from resources.models import ResourcePage

    chosen_ids = [link.resource_id for link in page.related_links.all() if link.resource_id
                  and link.resource_id not in exclude]
    chosen = {p.pk: p for p in ResourcePage.objects.live().public().filter(pk__in=chosen_ids).specific()}
    out = [chosen[pk] for pk in chosen_ids if pk in chosen]
    if len(out) >= limit:
        return out[:limit]

    theme_ids = [t.pk for t in page.themes.all()]
    territory_ids = [link.territory_id for link in page.page_territories.all()]
    actor_ids = [link.organisation_id for link in page.page_actors.all()]
    if not (theme_ids or territory_ids or actor_ids):
        return out
    terms = []  # an empty `__in` inside an aggregate's filter would void the whole score
    if theme_ids:
        terms.append(Count("themes", filter=Q(themes__in=theme_ids), distinct=True))
    if territory_ids:
        terms.append(Count("page_territories", filter=Q(page_territories__territory_id__in=territory_ids),
                           distinct=True))
    if actor_ids:
        terms.append(Count("page_actors", filter=Q(page_actors__organisation_id__in=actor_ids), distinct=True))
    score = terms[0]
    for term in terms[1:]:
        score = score + term
    qs = (
        ResourcePage.objects.live()
        .public()
        .exclude(pk__in=[page.pk, *chosen_ids, *exclude] if page.pk else [*chosen_ids, *exclude])
        .annotate(score=score)
        .filter(score__gt=0)
        .order_by("-score", "-date")
    )
    return out + [p.specific for p in qs[: limit - len(out)]]
