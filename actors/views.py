"""Public directory: list with filters and map, actor page, « Cartographie de mon territoire », exports."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from actors import mapping
from actors.exports import csv_response
from actors.filters import filter_actors
from actors.models import Organisation, RegisterEntry, sort_key
from actors.signals import TERRITORY_KEYS_CACHE
from actors.sirene import portrait as sirene_portrait
from actors.sirene.exports import establishments_csv
from resources.models import ResourcePage
from taxonomy.models import Territory

MAX_MAP_POINTS = 5000


def map_settings() -> dict[str, str]:
    return {
        "tiles_url": getattr(settings, "MAILLAGE_MAP_TILES_URL", ""),
        "tiles_attribution": getattr(settings, "MAILLAGE_MAP_TILES_ATTRIBUTION", ""),
    }


def territory_keys_in_use() -> set[str]:
    """Keys of the territories holding an actor or concerned by a public resource, and of every level above
    them: the pickers offer only these."""
    paths = ResourcePage.objects.live().public().territory_paths()
    return organisation_territory_keys() | {
        key for path in paths if path for key in path.split("/") if key
    }


# A page reads the keys cached for at most this long when organisations changed in another process (an import in
# the worker) without adding one; an organisation created anywhere, or saved or deleted here, is seen at once.
TERRITORY_KEYS_SECONDS = 60


def organisation_territory_keys() -> frozenset[str]:
    """Keys of the territories holding an organisation, and of every level above them.

    Cached: the distinct paths of every organisation are a scan of the table (about half a second at 500,000
    organisations), asked by every directory page for its territory picker. The cached value holds the highest
    organisation id it saw, read again on each call (one indexed look-up): a new organisation refreshes it;
    actors/signals.py forgets it when an organisation is saved, deleted or imported, or territories moved."""
    newest = Organisation.objects.aggregate(newest=Max("pk"))["newest"]
    cached = cache.get(TERRITORY_KEYS_CACHE)
    if cached is not None and cached[0] == newest:
        return cached[1]
    paths = Organisation.objects.order_by().values_list("territory_path", flat=True).distinct()
    keys = frozenset(key for path in paths if path for key in path.split("/") if key)
    cache.set(TERRITORY_KEYS_CACHE, (newest, keys), TERRITORY_KEYS_SECONDS)
    return keys


def territory_choices() -> list[tuple[Territory, list[Territory]]]:
    """Regions, each with its departments, for the territory filter: only those with an actor or a resource."""
    rows = Territory.objects.filter(
        level__in=[Territory.Level.REGION, Territory.Level.DEPARTMENT]
    ).order_by("path")
    in_use = territory_keys_in_use()
    regions: dict[int, tuple[Territory, list[Territory]]] = {}
    for t in (t for t in rows if t.key in in_use):
        if t.level == Territory.Level.REGION:
            regions[t.pk] = (t, [])
        elif t.parent_id in regions:
            regions[t.parent_id][1].append(t)
    return sorted(regions.values(), key=lambda item: sort_key(item[0].name))


SUGGESTIONS = 15


def territory_suggestions(request: HttpRequest) -> JsonResponse:
    """/acteurs/territoires.json?q=…: territories of every level (communes and EPCIs too) holding an actor or a
    resource, whose name, code or postal code matches, for the directory's territory filter. Bounded: a query of 2
    to 100 characters, at most SUGGESTIONS answers."""
    q = " ".join(request.GET.get("q", "").replace("\x00", " ").split())[:100]
    if len(q) < 2:
        return JsonResponse({"results": []})
    in_use = territory_keys_in_use()
    levels = {"region": "région", "department": "département", "epci": "EPCI", "commune": "commune"}
    results = []
    for territory in Territory.objects.search(q).largest_first()[:500]:
        if territory.key not in in_use:
            continue
        code = f" ({territory.code})" if territory.level in ("department", "commune") else ""
        level = levels.get(territory.level, territory.level)
        results.append({"key": territory.key, "label": f"{territory.name} — {level}{code}"})
        if len(results) == SUGGESTIONS:
            break
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})


# The directory counts its list up to this many actors (« plus de 10 000 acteurs »): an exact count of a few
# hundred thousand organisations reads them all; the pages up to the bound need no more.
COUNT_BOUND = 10_000


def page_of(
    qs,
    per_page: int,
    number,
    bound: int | None = None,
    in_order: Callable[[int, int], QuerySet | None] | None = None,
) -> Page:
    """A page of actors by name: ids first (read from an index, even among tens of thousands), then rows.

    With `bound`, the list is counted only up to `bound` + 1 rows when the page asked lies within the first
    `bound` rows: the paginator's `bounded` then says that its count is a floor (« plus de … »); a page beyond
    counts exactly. `in_order(count, rows)`: once so counted, the same list built to read its first `rows` in
    order faster, or None (ActorFilterForm.in_name_order)."""
    ids = qs.order_by("sort_name", "pk").values_list("pk", flat=True)
    paginator = Paginator(ids, per_page)
    paginator.bounded = False
    try:
        wanted = int(float(number))  # as the paginator reads it
    except (TypeError, ValueError, OverflowError):
        wanted = 1
    if bound is not None and wanted * per_page <= bound:
        # Replaces the cached property: one bounded query, in no order (the first rows of any order count the same,
        # and the database need not sort them).
        paginator.count = ids.order_by()[: bound + 1].count()
        paginator.bounded = paginator.count > bound
        paginator.bound = bound
        faster = in_order(paginator.count, wanted * per_page) if in_order else None
        if faster is not None:
            paginator.object_list = faster.order_by("sort_name", "pk").values_list("pk", flat=True)
    page = paginator.get_page(number)
    ids = list(page.object_list)
    rows = Organisation.objects.select_related("commune").in_bulk(ids)
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def directory(request: HttpRequest) -> HttpResponse:
    qs, form = filter_actors(request.GET)
    page_obj = page_of(
        qs, 30, request.GET.get("page"), bound=COUNT_BOUND, in_order=form.in_name_order
    )
    return TemplateResponse(
        request,
        "actors/directory.html",
        {
            "page_obj": page_obj,
            "form": form,
            "territory": form.territory,
            "territory_choices": territory_choices(),
            "querystring": form.querystring(),
            "clear_filters": form.active,
            **map_settings(),
        },
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related("commune", "territory"), slug=slug
    )
    ancestors = []
    if organisation.commune_id:
        ancestors = mapping.territories_by_key(organisation.commune.ancestor_keys())
    return TemplateResponse(
        request,
        "actors/detail.html",
        {
            "organisation": organisation,
            "register": RegisterEntry.objects.filter(organisation=organisation).first(),
            "resources": ResourcePage.objects.live().public().about_actor(organisation).specific(),
            "ancestors": ancestors,
            "themes": organisation.themes.all(),
            "labels": organisation.labels.all(),
            "networks": organisation.networks.order_by("sort_name"),
            "members": organisation.members.order_by("sort_name"),
            "actor_trail": [
                {"title": "Accueil", "url": "/"},
                {"title": "Annuaire des acteurs", "url": reverse("actors:directory")},
            ],
            **map_settings(),
        },
    )


def territory_index(request: HttpRequest) -> HttpResponse:
    """Choose a territory: search by name, INSEE code or postal code; regions and departments otherwise."""
    q = " ".join(request.GET.get("q", "").replace("\x00", " ").split())[
        :100
    ]  # no NUL: PostgreSQL refuses it
    results = []
    if q:
        results = list(Territory.objects.search(q).select_related("parent")[:50])
    return TemplateResponse(
        request,
        "actors/territory_index.html",
        {"q": q, "results": results, "territory_choices": territory_choices() if not q else []},
    )


def territory(request: HttpRequest, key: str) -> HttpResponse:
    """« Cartographie de mon territoire »: its actors by sector and legal form, its resources, an export."""
    place = Territory.from_key(key)
    if place is None:
        raise Http404("Territoire inconnu")
    params = request.GET.copy()
    params["territoire"] = place.key
    qs, form = filter_actors(params)
    inside, _ = filter_actors({"territoire": place.key})
    page_obj = page_of(qs, 50, request.GET.get("page"))
    selection = form.active_beyond("territoire")
    return TemplateResponse(
        request,
        "actors/territory.html",
        {
            "place": place,
            "ancestors": mapping.territories_by_key(place.ancestor_keys()[:-1]),
            "form": form,
            "page_obj": page_obj,
            "total": inside.count() if selection else page_obj.paginator.count,
            "clear_filters": selection,
            "by_sector": mapping.count_by_sector(inside, place),
            "by_legal_form": mapping.count_by_legal_form(inside),
            "by_subterritory": mapping.count_by_subterritory(inside, place),
            "portrait": sirene_portrait.page_context(place),
            "resources": ResourcePage.objects.live()
            .public()
            .concerning(place)
            .order_by("-date", "-pk")[:12],
            "querystring": form.querystring(territoire=""),
            "export_query": form.querystring(),
            **map_settings(),
        },
    )


def portrait_csv(request: HttpRequest, key: str) -> HttpResponse:
    """The active ESS establishments of the territory from the register, as CSV (the portrait's list)."""
    place = Territory.from_key(key)
    if place is None:
        raise Http404("Territoire inconnu")
    return establishments_csv(place)


def export(request: HttpRequest) -> HttpResponse:
    """CSV of the filtered list, in the import format. The public URL never holds personal data, whoever
    asks: contacts are exported only from the admin (/admin/annuaire/export/, with actors.view_person)."""
    qs, form = filter_actors(request.GET)
    if not form.is_valid():
        raise Http404("Filtre invalide")
    return csv_response(qs, "acteurs", contacts=False)


def geojson(request: HttpRequest) -> JsonResponse:
    """Actors of the filtered list with a position, as GeoJSON, for the map. With `zoom` (and `bbox`, west,south,
    east,north in degrees): the actors of that view, as points when few, else clustered by the server (the map of
    the whole register); without: at most MAX_MAP_POINTS points."""
    qs, _ = filter_actors(request.GET)
    zoom = _number(request.GET.get("zoom"), int)
    if zoom is None:
        return JsonResponse(mapping.feature_collection(qs, MAX_MAP_POINTS))
    bbox = [_number(part, float) for part in request.GET.get("bbox", "").split(",")]
    valid = len(bbox) == 4 and None not in bbox and -90 <= bbox[1] <= bbox[3] <= 90
    return JsonResponse(mapping.clusters(qs, zoom, tuple(bbox) if valid else None))


def _number(value: str | None, kind: type):
    try:
        number = kind(value)
    except (TypeError, ValueError):
        return None
    return number if abs(number) < 1000 else None
