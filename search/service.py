"""The public search as the site and the API see it: parameters in, labelled results out."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from search.backends import SearchRequest, SearchUnavailable, get_backend
from search.query import ParsedQuery, parse

logger = logging.getLogger(__name__)

PARAM_TO_FACET = {"type": "type", "theme": "themes", "territoire": "territories", "annee": "year"}
FACET_TO_PARAM = {v: k for k, v in PARAM_TO_FACET.items()}
PER_PAGE = 10
MAX_PAGE = 100
DEGRADED_MESSAGE = (
    "La recherche détaillée est momentanément indisponible : les résultats ci-dessous viennent d'une "
    "recherche simplifiée dans les titres et textes des pages, sans les documents."
)


@dataclass
class SearchOutcome:
    query: ParsedQuery
    count: int = 0
    results: list[dict[str, Any]] = field(default_factory=list)
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    suggestion: str | None = None
    page: int = 1
    per_page: int = PER_PAGE
    sort: str = "relevance"
    filters: dict[str, list[str]] = field(default_factory=dict)
    degraded: bool = False
    message: str = ""

    @property
    def num_pages(self) -> int:
        return max(1, min(MAX_PAGE, (self.count + self.per_page - 1) // self.per_page))

    def as_api(self) -> dict[str, Any]:
        data = {
            "count": self.count,
            "page": self.page,
            "num_pages": self.num_pages,
            "results": self.results,
            "facets": self.facets,
            "suggestion": self.suggestion,
        }
        if self.degraded:
            data["degraded"] = True
            data["message"] = self.message
        return data


def type_labels() -> dict[str, str]:
    from resources.models.pages import RESOURCE_TYPES

    labels = {m._meta.model_name: m.resource_type_label for m in RESOURCE_TYPES}
    labels.update({"document": "Document", "actor": "Acteur de l'ESS"})
    return labels


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(value or default)))
    except (TypeError, ValueError):
        return default


def parse_filters(params: QueryDict) -> dict[str, list[str]]:
    filters = {}
    for param, facet in PARAM_TO_FACET.items():
        values = [v.strip()[:100] for v in params.getlist(param) if v and v.strip()][:20]
        if values:
            filters[facet] = values
    return filters


def _labelled_facets(raw: dict[str, list[tuple[str, int]]], filters: dict[str, list[str]]) -> dict[str, list]:
    from actors.models import Territory
    from resources.models import Theme

    types = type_labels()
    themes = dict(Theme.objects.values_list("slug", "name"))
    out: dict[str, list] = {}
    for facet, buckets in raw.items():
        if facet == "kind":
            continue
        selected = set(filters.get(facet, []))
        items = []
        if facet == "territories":
            buckets = _territory_buckets(buckets, filters.get("territories", []))
            by_key = {t.key: t for t in Territory.objects.filter(
                code__in=[k.partition("-")[2] for k, _ in buckets])}
            for key, n in buckets:
                territory = by_key.get(key)
                if territory:
                    items.append({"value": key, "label": territory.name, "count": n, "level": territory.level,
                                  "selected": key in selected})
        else:
            for value, n in buckets:
                label = {"type": types, "themes": themes}.get(facet, {}).get(value, value)
                items.append({"value": value, "label": label, "count": n, "selected": value in selected})
            if facet == "year":
                items.sort(key=lambda i: i["value"], reverse=True)
        out[FACET_TO_PARAM[facet]] = items
    return out


def _territory_buckets(buckets: list[tuple[str, int]], selected: list[str]) -> list[tuple[str, int]]:
    """Regions and departments by default; below a chosen territory, its next level down."""
    order = ["region", "department", "epci", "commune"]
    if selected:
        level = selected[0].partition("-")[0]
        wanted = {level, order[min(order.index(level) + 1, 3)]} if level in order else set()
    else:
        wanted = {"region", "department"}
    return [(k, n) for k, n in buckets if k.partition("-")[0] in wanted][:60]


def _result(hit, document_hits: dict[int, list[str]]) -> dict[str, Any]:
    src = hit.source
    url = src["url"]
    highlights = []
    for h in hit.highlights:
        item = {"text": h.text, "page": h.page}
        if h.page is not None and src["kind"] == "document":
            item["url"] = f"{url}#page={h.page}"
        highlights.append(item)
    result = {
        "id": hit.id,
        "title": src["title"],
        "url": url,
        "kind": src["kind"],
        "type": src.get("type"),
        "type_label": type_labels().get(src.get("type"), ""),
        "date": src.get("date"),
        "summary": src.get("summary") or "",
        "filename": src.get("filename") if src["kind"] == "document" else None,
        "highlights": highlights,
    }
    if src["kind"] == "document":
        result["unit"] = src.get("unit", "page")
        result["attached_to"] = src.get("attached_to", [])
    if src["kind"] == "page":
        result["matching_documents"] = [t for pk in src.get("documents", []) for t in document_hits.get(pk, [])]
    return result


def run_search(params: QueryDict) -> SearchOutcome:
    query = parse(params.get("q", ""))
    filters = parse_filters(params)
    sort = "date" if params.get("tri") == "date" else "relevance"
    page = _int(params.get("page"), 1, 1, MAX_PAGE)
    outcome = SearchOutcome(query=query, page=page, sort=sort, filters=filters)
    if query.truncated:
        outcome.message = "Votre recherche était très longue : seuls ses premiers mots ont été pris en compte."
    if query.is_empty and not filters:
        return outcome
    backend = get_backend()
    request = SearchRequest(query=query, filters=filters, sort=sort, page=page, per_page=PER_PAGE)
    try:
        response = backend.search(request)
        suggestion = None
        if not query.is_empty and response.count < 3:
            suggestion = backend.suggest(query.raw)
    except SearchUnavailable as exc:
        logger.warning("public search degraded: %s", exc)
        return _fallback(outcome)
    document_hits: dict[int, list[str]] = {}
    for hit in response.hits:
        if hit.source["kind"] == "document":
            document_hits.setdefault(int(hit.id.split(":")[1]), []).append(hit.source["title"])
    outcome.count = response.count
    outcome.results = [_result(h, document_hits) for h in response.hits]
    outcome.facets = _labelled_facets(response.facets, filters)
    outcome.suggestion = suggestion if suggestion and suggestion != query.raw.lower() else None
    return outcome


def _fallback(outcome: SearchOutcome) -> SearchOutcome:
    """OpenSearch unreachable: Wagtail's database search over live public pages, clearly flagged."""
    from resources.models import ResourcePage

    outcome.degraded = True
    outcome.message = DEGRADED_MESSAGE
    text = " ".join(item.text for item in outcome.query.items())
    qs = ResourcePage.objects.live().public()
    if text:
        try:
            pages = list(qs.search(text)[: PER_PAGE])
        except Exception:  # the fallback must never turn a degraded answer into an error page
            logger.exception("fallback search failed")
            pages = []
    else:
        pages = list(qs.order_by("-date")[:PER_PAGE])
    outcome.count = len(pages)
    outcome.results = [
        {"id": f"page:{p.pk}", "title": p.title, "url": p.get_url(), "kind": "page",
         "type": p.specific_class._meta.model_name, "type_label": type_labels().get(p.specific_class._meta.model_name),
         "date": p.date.isoformat(), "summary": p.summary, "filename": None, "highlights": []}
        for p in pages
    ]
    return outcome


def autocomplete(prefix: str) -> list[dict[str, Any]]:
    from resources.models import Theme

    prefix = " ".join(prefix.split())[:100]
    if len(prefix) < 2:
        return []
    try:
        items = get_backend().autocomplete(prefix)
    except SearchUnavailable:
        items = []
    themes = [{"title": t.name, "url": f"/recherche/?theme={t.slug}", "kind": "theme"}
              for t in Theme.objects.filter(name__icontains=prefix)[:3]]
    return items + themes
