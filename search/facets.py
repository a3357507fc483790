"""Facet parameters and labels: URL parameters ↔ index facets, labels in French (from search/facet_spec.py)."""

from __future__ import annotations

from django.http import QueryDict

from search import labels
from search.facet_spec import BY_NAME, BY_PARAM, FACETS, VALID, type_labels

__all__ = [
    "FACET_LABELS",
    "FACET_TO_PARAM",
    "labelled",
    "parse_filters",
    "territory_include",
    "type_labels",
]

FACET_TO_PARAM = {f.name: f.param for f in FACETS if f.param}
FACET_LABELS = {f.param: f.label for f in FACETS if f.param}
MAX_VALUES = 20


def parse_filters(params: QueryDict) -> dict[str, list[str]]:
    """Facet filters from URL parameters; malformed values are ignored, never sent to an engine."""
    filters = {}
    for param, facet in BY_PARAM.items():
        values = [v.strip() for v in params.getlist(param) if v and v.strip()]
        values = list(dict.fromkeys(v for v in values if VALID[facet.name].match(v)))[:MAX_VALUES]
        if values:
            filters[facet.name] = values
    return filters


def territory_include(selected: list[str]) -> list[str]:
    """Territory values worth counting: regions and departments, or the chosen ones and their children."""
    cached = labels.get()
    if not selected:
        return list(cached.top)
    chosen = [key for key in selected if key in cached.territories]
    return list(
        dict.fromkeys(chosen + [child for key in chosen for child in cached.children.get(key, [])])
    )


def labelled(
    raw: dict[str, list[tuple[str, int]]], filters: dict[str, list[str]]
) -> dict[str, list[dict]]:
    """Backend facet buckets → {param: [{value, label, count, selected[, level]}]} in display order."""
    out: dict[str, list[dict]] = {}
    for name, buckets in raw.items():
        facet = BY_NAME.get(name)
        if facet is None or not facet.counted:
            continue
        names = facet.labels()
        selected = set(filters.get(name, []))
        items = []
        for value, n in buckets:
            if facet.known_only and value not in names:
                continue
            item = {"value": value, "label": names.get(value, value), "count": n}
            if facet.extra:
                item.update(facet.extra(value))
            item["selected"] = value in selected
            items.append(item)
        if facet.sort:
            items.sort(key=facet.sort, reverse=facet.reverse)
        # A chosen value always stays visible, even when nothing matches it any more.
        if not facet.known_only:
            shown = {i["value"] for i in items}
            items += [
                {"value": value, "label": names.get(value, value), "count": 0, "selected": True}
                for value in sorted(selected - shown)
            ]
        out[facet.param] = items
    return out
