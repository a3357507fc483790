"""The facets of the public search, of the resource listing and of the feeds, each described once.

A facet (type, theme, territory, year) is one `Facet` below: its URL parameter, its French label, how its
values are computed from an indexed item, how a value is labelled and ordered, one value per item or several.
Everything else reads this list:

- `search/index_entries.py` puts `facet_values(item)` into every index document;
- the embedded backend stores single-valued facets as columns of `doc_meta` and multi-valued ones in
  `facet_values` (schema and SQL built from `SINGLE_VALUED`/`MULTI_VALUED`); OpenSearch maps each facet with
  `mapping` and counts it with a `terms` aggregation (`search/backends/os_mapping.py`, `os_query.py`);
- `search/facets.py` parses the URL parameters and labels the counts; `alerts/saved.py` describes a saved
  search with `phrase`;
- the resource listing, its feeds and the widget (`resources/listing.py`) filter by the same URL parameters
  through their own map to `ResourcePageQuerySet` methods (`resources.listing.FILTERS`);
- the OpenAPI description (`api/openapi.py`) documents each URL parameter with `api_description`.

Adding a facet: an entry here, and if the listing filters by it too, its QuerySet method, its entry in
`resources.listing.FILTERS` and its form field; tests; then `rebuild_search_index`. The resource types (the
`type` facet's values) come from their registry (`resources/resource_types.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from resources.models import RESOURCE_TYPES
from search import labels as label_cache
from search.build_cache import current as build_cache
from search.query import SITE_LANGUAGE
from taxonomy.models import TERRITORY_KEY, level_rank


@dataclass(frozen=True)
class Indexed:
    """An item being indexed: a resource page, a document (with the public pages attaching it) or an actor."""

    kind: str  # "page", "document" or "actor"
    obj: Any  # the ResourcePage, ResourceDocument or Organisation
    date: date | None = None
    pages: list = field(default_factory=list)  # a document's public pages


@dataclass(frozen=True)
class Facet:
    name: str  # field of the index documents and name of the facet in the backends
    param: (
        str | None
    )  # URL parameter (/recherche/?theme=…); None: a filter for code only, never counted
    label: str  # French, shown above the facet's values
    multi: bool  # an item has several values (themes) or at most one (year)
    values: Callable[[Indexed], Any]  # the value (or list of values) of an indexed item
    pattern: str = (
        r"[-a-z0-9_]{1,100}"  # a well-formed URL value; anything else never reaches an engine
    )
    mapping: str = "keyword"  # OpenSearch field type
    labels: Callable[[], Mapping[str, str]] = (
        dict  # value → French label (default: the value itself)
    )
    extra: Callable[[str], dict[str, Any]] | None = (
        None  # more keys of a labelled value ({"level": …})
    )
    known_only: bool = (
        False  # a value without a label is not shown, nor kept when chosen and no longer found
    )
    sort: Callable[[dict[str, Any]], Any] | None = (
        None  # display order of labelled values (None: by count)
    )
    reverse: bool = False
    size: int | None = None  # values counted at most (None: SearchRequest.facet_size)
    phrase: str = (
        "{label}"  # a chosen value in a saved search's description (« thème Alimentation »)
    )
    api_description: str = (
        ""  # the URL parameter in the OpenAPI description (api/openapi.py), in French
    )

    @property
    def counted(self) -> bool:
        return self.param is not None

    def label_of(self, value: str) -> str:
        return self.labels().get(value, value)


def type_labels() -> dict[str, str]:
    """Model name → French label of every indexed type."""
    out = {m._meta.model_name: m.resource_type_label for m in RESOURCE_TYPES}
    out.update({"document": "Document", "actor": "Acteur de l'ESS"})
    return out


def page_themes(page) -> list[str]:
    cache = build_cache()
    if cache is not None:
        return sorted(cache.themes.get(page.pk, ()))
    return sorted(page.themes.values_list("slug", flat=True))


def page_territories(page) -> list[str]:
    cache = build_cache()
    if cache is not None:
        return sorted(cache.territories.get(page.pk, ()))
    return sorted({key for t in page.territories() for key in t.ancestor_keys()})


def _type(item: Indexed) -> str:
    return item.obj._meta.model_name if item.kind == "page" else item.kind


def _themes(item: Indexed) -> list[str]:
    if item.kind == "page":
        return page_themes(item.obj)
    if item.kind == "document":
        return sorted({slug for p in item.pages for slug in page_themes(p)})
    return sorted(item.obj.themes.values_list("slug", flat=True))


def _territories(item: Indexed) -> list[str]:
    if item.kind == "page":
        return page_territories(item.obj)
    if item.kind == "document":
        return sorted({key for p in item.pages for key in page_territories(p)})
    organisation = item.obj
    keys = organisation.commune.ancestor_keys() if organisation.commune_id else []
    if organisation.territory_id:
        keys = sorted(set(keys) | set(organisation.territory.ancestor_keys()))
    return keys


def _language(item: Indexed) -> str | None:
    """The language a document is written in (None: too little text to tell); pages and actors are the site's."""
    return item.obj.language if item.kind == "document" else SITE_LANGUAGE


FACETS: list[Facet] = [
    # The kind of item: the search feed keeps pages and documents with it. Not a facet visitors see.
    Facet("kind", None, "Nature", multi=False, values=lambda item: item.kind),
    # The language of the item (extraction/language.py): ranks the site's own language first
    # (search.query.LANGUAGE_BONUS). Not a facet visitors see.
    Facet("language", None, "Langue", multi=False, values=_language, pattern=r"[a-z]{2}"),
    Facet(
        "type",
        "type",
        "Type",
        multi=False,
        values=_type,
        pattern=r"[a-z_]{1,50}",
        labels=type_labels,
        api_description=f"Type de ressource ({', '.join(type_labels())}), répétable.",
    ),
    Facet(
        "themes",
        "theme",
        "Thème",
        multi=True,
        values=_themes,
        labels=lambda: label_cache.get().themes,
        phrase="thème {label}",
        api_description="Slug d'un thème, répétable.",
    ),
    Facet(
        "territories",
        "territoire",
        "Territoire",
        multi=True,
        values=_territories,
        pattern=TERRITORY_KEY.pattern,
        labels=lambda: label_cache.get().territory_names,
        extra=lambda key: {"level": label_cache.get().territories[key][1]},
        known_only=True,
        sort=lambda i: (not i["selected"], level_rank(i["level"]), -i["count"], i["label"]),
        size=1000,
        api_description="Clé d'un territoire (region-76, department-31, epci-243100633, "
        "commune-31555) : inclut les territoires qu'il contient. Répétable.",
    ),
    Facet(
        "year",
        "annee",
        "Année",
        multi=False,
        values=lambda item: item.date.year if item.date else None,
        pattern=r"\d{4}",
        mapping="integer",
        sort=lambda i: i["value"],
        reverse=True,
        phrase="année {label}",
        api_description="Année (AAAA), répétable.",
    ),
]

BY_NAME: dict[str, Facet] = {f.name: f for f in FACETS}
BY_PARAM: dict[str, Facet] = {f.param: f for f in FACETS if f.param}
COUNTED: tuple[str, ...] = tuple(f.name for f in FACETS if f.counted)  # the facets a search counts
SINGLE_VALUED: tuple[str, ...] = tuple(f.name for f in FACETS if not f.multi)
MULTI_VALUED: tuple[str, ...] = tuple(f.name for f in FACETS if f.multi)
VALID: dict[str, re.Pattern[str]] = {f.name: re.compile(rf"^(?:{f.pattern})$") for f in FACETS}


def facet_values(item: Indexed) -> dict[str, Any]:
    """The facet fields of an index document."""
    return {f.name: f.values(item) for f in FACETS}
