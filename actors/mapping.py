"""Counts and map data for « Cartographie de mon territoire » and the directory's map."""

from __future__ import annotations

from collections import Counter

from django.db.models import Avg, Count, DecimalField, FloatField, Q, QuerySet
from django.db.models.functions import Cast, Coalesce, Floor
from django.urls import reverse

from actors.filters import in_territory
from actors.models import Organisation
from taxonomy.models import Territory, Theme


def territories_by_key(keys: list[str]) -> list[Territory]:
    """The territories named by keys ("department-31"…), in the keys' order, unknown ones left out."""
    found = {t.key: t for t in Territory.objects.for_keys(keys)}
    return [found[key] for key in keys if key in found]


def count_by_legal_form(qs: QuerySet[Organisation]) -> list[dict]:
    labels = dict(Organisation.LegalForm.choices)
    rows = qs.order_by().values("legal_form").annotate(n=Count("pk")).order_by("-n", "legal_form")
    return [
        {
            "value": r["legal_form"],
            "label": labels.get(r["legal_form"], "Non renseignée"),
            "count": r["n"],
        }
        for r in rows
    ]


def count_by_sector(qs: QuerySet[Organisation], place: Territory | None = None) -> list[dict]:
    """Actors per sector; with `place`, those of the territory (a join, faster than `qs` as a subquery)."""
    through = Organisation.themes.through
    links = (
        through.objects.filter(in_territory(place, prefix="organisation__"))
        if place
        else through.objects.filter(organisation__in=qs.order_by().values("pk"))
    )
    counts = links.values_list("theme_id").annotate(n=Count("pk"))
    themes = {
        pk: (slug, name) for pk, slug, name in Theme.objects.values_list("pk", "slug", "name")
    }
    rows = [
        {"value": themes[pk][0], "label": themes[pk][1], "count": n}
        for pk, n in counts
        if pk in themes
    ]
    return sorted(rows, key=lambda r: (-r["count"], r["label"]))


def count_by_subterritory(qs: QuerySet[Organisation], place: Territory) -> list[dict]:
    """Actors per territory one level down (departments of a region, EPCIs of a department…)."""
    marker = f"/{place.key}/"
    counts: Counter = Counter()
    rows = qs.order_by().values_list("territory_path").annotate(n=Count("pk"))
    for path, n in rows:
        _, found, rest = path.partition(marker)
        child = rest.split("/", 1)[0] if found else ""
        if child:
            counts[child] += n
    children = territories_by_key(list(counts))
    return sorted(
        ({"territory": t, "count": counts[t.key]} for t in children),
        key=lambda item: (-item["count"], item["territory"].name),
    )


def positioned(qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Actors with a position as `lat`/`lon`: their own coordinates, else their commune's centre."""
    return (
        qs.annotate(
            lat=Coalesce(
                "latitude", Cast("commune__latitude", DecimalField(max_digits=9, decimal_places=6))
            ),
            lon=Coalesce(
                "longitude",
                Cast("commune__longitude", DecimalField(max_digits=9, decimal_places=6)),
            ),
        )
        .exclude(lat=None)
        .exclude(lon=None)
    )


# Server-side clusters: the map asks for its zoom and bounding box; up to POINTS_AT_MOST actors there, it gets them
# (and clusters them itself), beyond it gets one feature per cell of a grid about CELL_PIXELS wide at that zoom.
POINTS_AT_MOST = 1000
CELL_PIXELS = 80


def clusters(
    qs: QuerySet[Organisation], zoom: int, bbox: tuple[float, float, float, float] | None
) -> dict:
    """The actors of `qs` inside `bbox` (west, south, east, north) as points when few, else as counted cells.

    One aggregate query per call whatever the number of actors, and an answer bounded by the number of cells of
    the screen (a few hundred features): the first screen of a map of the whole register stays small."""
    rows = positioned(qs)
    if bbox:
        west, south, east, north = bbox
        rows = rows.filter(lat__gte=south, lat__lte=north).filter(
            Q(lon__gte=west, lon__lte=east) if west <= east else Q(lon__gte=west) | Q(lon__lte=east)
        )
    total = rows.count()
    if total <= POINTS_AT_MOST:
        return {
            **feature_collection(rows, POINTS_AT_MOST, annotated=True),
            "mode": "points",
            "total": total,
        }
    cell = 360 / (2 ** max(0, min(zoom, 20))) / 256 * CELL_PIXELS
    grid = (
        rows.annotate(fx=Cast("lon", FloatField()), fy=Cast("lat", FloatField()))
        .annotate(
            cx=Floor(Cast("lon", FloatField()) / cell), cy=Floor(Cast("lat", FloatField()) / cell)
        )
        .order_by()
        .values("cx", "cy")
        .annotate(n=Count("pk"), mlat=Avg("fy"), mlon=Avg("fx"))
    )
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [round(c["mlon"], 5), round(c["mlat"], 5)],
            },
            "properties": {"count": c["n"]},
        }
        for c in grid
    ]
    return {
        "type": "FeatureCollection",
        "features": features,
        "mode": "clusters",
        "total": total,
        "truncated": False,
    }


def feature_collection(qs: QuerySet[Organisation], limit: int, annotated: bool = False) -> dict:
    """Actors with a position; one without its own coordinates is placed at its commune's centre and says so."""
    rows = list(
        (qs if annotated else positioned(qs))
        .order_by("sort_name", "pk")
        .values_list("name", "slug", "lat", "lon", "latitude", "legal_form", "commune__name")[
            : limit + 1
        ]
    )
    labels = dict(Organisation.LegalForm.choices)
    url = reverse("actors:detail", args=["__slug__"])
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [round(float(lon), 6), round(float(lat), 6)],
            },
            "properties": {
                "name": name,
                "url": url.replace("__slug__", slug),
                "form": labels.get(form, ""),
                "commune": commune or "",
                "approx": own_latitude is None,
            },
        }
        for name, slug, lat, lon, own_latitude, form, commune in rows[:limit]
    ]
    return {"type": "FeatureCollection", "features": features, "truncated": len(rows) > limit}
