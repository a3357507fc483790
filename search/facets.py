"""Facet parameters and labels: URL parameters ↔ index facets, labels in French, territory levels."""

from __future__ import annotations

import re

from django.http import QueryDict

PARAM_TO_FACET = {"type": "type", "theme": "themes", "territoire": "territories", "annee": "year"}
FACET_TO_PARAM = {v: k for k, v in PARAM_TO_FACET.items()}
FACET_LABELS = {"type": "Type", "theme": "Thème", "territoire": "Territoire", "annee": "Année"}
LEVELS = ("region", "department", "epci", "commune")
_VALID = {
    "year": re.compile(r"^\d{4}$"),
    "territories": re.compile(r"^(?:region|department|epci|commune)-[0-9A-Za-z]{1,12}$"),
    "type": re.compile(r"^[a-z_]{1,50}$"),
    "themes": re.compile(r"^[-a-z0-9_]{1,100}$"),
}
MAX_VALUES = 20


def type_labels() -> dict[str, str]:
    from resources.models import RESOURCE_TYPES

    labels = {m._meta.model_name: m.resource_type_label for m in RESOURCE_TYPES}
    labels.update({"document": "Document", "actor": "Acteur de l'ESS"})
    return labels


def parse_filters(params: QueryDict) -> dict[str, list[str]]:
    """Facet filters from URL parameters; malformed values are ignored, never sent to an engine."""
    filters = {}
    for param, facet in PARAM_TO_FACET.items():
        values = [v.strip() for v in params.getlist(param) if v and v.strip()]
        values = list(dict.fromkeys(v for v in values if _VALID[facet].match(v)))[:MAX_VALUES]
        if values:
            filters[facet] = values
    return filters


def territory_include(selected: list[str]) -> list[str]:
    """Territory values worth counting: regions and departments, or the chosen ones and their children."""
    from search import labels

    cached = labels.get()
    if not selected:
        return list(cached.top)
    chosen = [key for key in selected if key in cached.territories]
    return list(dict.fromkeys(chosen + [child for key in chosen for child in cached.children.get(key, [])]))


def labelled(raw: dict[str, list[tuple[str, int]]], filters: dict[str, list[str]]) -> dict[str, list[dict]]:
    """Backend facet buckets → {param: [{value, label, count, selected[, level]}]} in display order."""
    from search import labels as cache

    cached = cache.get()
    types = type_labels()
    out: dict[str, list[dict]] = {}
    for facet, buckets in raw.items():
        if facet not in FACET_TO_PARAM:
            continue
        selected = set(filters.get(facet, []))
        items = []
        if facet == "territories":
            for key, n in buckets:
                if key in cached.territories:
                    name, level = cached.territories[key]
                    items.append({"value": key, "label": name, "count": n, "level": level,
                                  "selected": key in selected})
            items.sort(key=lambda i: (not i["selected"], LEVELS.index(i["level"]), -i["count"], i["label"]))
        else:
            labels = types if facet == "type" else (cached.themes if facet == "themes" else {})
            for value, n in buckets:
                items.append({"value": value, "label": labels.get(value, value), "count": n,
                              "selected": value in selected})
            if facet == "year":
                items.sort(key=lambda i: i["value"], reverse=True)
        # A chosen value always stays visible, even when nothing matches it any more.
        shown = {i["value"] for i in items}
        for value in sorted(selected - shown):
            if facet != "territories":
                items.append({"value": value, "label": (types if facet == "type" else {}).get(value, value),
                              "count": 0, "selected": True})
        out[FACET_TO_PARAM[facet]] = items
    return out
