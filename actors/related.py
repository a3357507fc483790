"""Resources that mention an actor or concern a territory, for the actor page, the map of a territory
and the admin."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from actors.models import Organisation, Territory


def _referencing_page_ids(organisation: Organisation) -> list[int]:
    """Pages naming the actor anywhere Wagtail tracks references (choosers, StreamField programme blocks)."""
    from wagtail.models import ReferenceIndex

    references = ReferenceIndex.get_references_to(organisation).filter(
        base_content_type__app_label="wagtailcore", base_content_type__model="page"
    )
    return [int(pk) for pk in references.values_list("object_id", flat=True)]


def resources_for_actor(organisation: Organisation, public: bool = True) -> QuerySet:
    """Resource pages about the actor: linked actor, DPV sheet, strategy, meeting role, visit, speaker."""
    from resources.models import ResourcePage

    condition = (
        Q(page_actors__organisation=organisation)
        | Q(learningvisitpage__actor=organisation)
        | Q(strategypage__authority=organisation)
        | Q(meetingreportpage__organisations__organisation=organisation)
        | Q(meetingreportpage__speakers__organisation=organisation)
        | Q(meetingreportpage__speakers__person__organisation=organisation)
        | Q(pk__in=_referencing_page_ids(organisation))
    )
    qs = ResourcePage.objects.all()
    if public:
        qs = qs.live().public()
    pks = qs.filter(condition).values("pk")
    return ResourcePage.objects.filter(pk__in=pks).order_by("-date", "-pk")


def resources_for_territory(territory: Territory, public: bool = True) -> QuerySet:
    """Resource pages classified under the territory or any territory inside it."""
    from resources.models import ResourcePage

    qs = ResourcePage.objects.all()
    if public:
        qs = qs.live().public()
    pks = qs.filter(page_territories__territory__in=territory.descendants().values("pk")).values("pk")
    return ResourcePage.objects.filter(pk__in=pks).order_by("-date", "-pk")


def territory_keys_in_use() -> set[str]:
    """Keys of the territories holding an actor or concerned by a public resource, and of every level above
    them: the pickers offer only these."""
    from resources.models import ResourcePage, ResourceTerritory

    public = ResourcePage.objects.live().public().values("pk")
    paths = set(Organisation.objects.order_by().values_list("territory_path", flat=True).distinct())
    paths |= set(
        ResourceTerritory.objects.filter(page__in=public).order_by().values_list("territory__path", flat=True)
        .distinct()
    )
    return {key for path in paths if path for key in path.split("/") if key}
