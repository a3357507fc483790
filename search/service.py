"""The public search as the site and the API see it: parameters in, labelled results out."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Any

from django.http import QueryDict
from django.utils.dateparse import parse_date

from core.french import en_langue
from resources.document_urls import document_page_url, has_viewer, viewer_page, viewer_url
from resources.models import ResourcePage
from resources.resource_types import resource_type_by_name
from search.analysis import fold
from search.backends import SearchRequest, SearchUnavailable, get_backend
from search.facets import labelled, parse_filters, territory_include, type_labels
from search.promotions import promoted_for
from search.public_set import public_only, public_subset
from search.query import SITE_LANGUAGE, ParsedQuery, parse
from search.spelling import confident
from taxonomy.models import Theme

logger = logging.getLogger(__name__)

PER_PAGE = 10
MAX_PAGE = 100
SUGGEST_BELOW = 3  # propose a spelling when a query finds fewer results than this
DEGRADED_MESSAGE = (
    "La recherche détaillée est momentanément indisponible : les résultats ci-dessous viennent d'une "
    "recherche simplifiée dans les titres et textes des pages, sans les documents."
)
TRUNCATED_MESSAGE = (
    "Votre recherche était très longue : seuls ses premiers mots ont été pris en compte."
)
STOP_WORDS_MESSAGE = (
    "Ces mots sont trop courants pour être recherchés seuls : ajoutez un mot plus précis."
)
KEEP_TYPED = "exact"  # ?exact=1: search the words as typed, without automatic correction
FUZZY_MESSAGE = "Aucun résultat avec l'orthographe exacte ; résultats avec des mots proches."
MOST_WORDS_MESSAGE = (
    "Aucun résultat avec tous les mots ; résultats contenant la plupart d'entre eux."
)
ANY_WORDS_MESSAGE = (
    "Aucun résultat avec tous les mots ; résultats contenant au moins l'un d'entre eux, "
    "les plus complets d'abord."
)
NOTHING_MESSAGE = "Indiquez au moins un mot à rechercher (le signe moins sert à exclure un mot)."


@dataclass
class SearchOutcome:
    query: ParsedQuery
    count: int = 0
    results: list[dict[str, Any]] = field(default_factory=list)
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    suggestion: str | None = None
    # The typed query found nothing and its correction did: the results are the corrected query's.
    corrected_from: str | None = None
    promoted: list[dict[str, Any]] = field(default_factory=list)
    page: int = 1
    per_page: int = PER_PAGE
    sort: str = "relevance"
    filters: dict[str, list[str]] = field(default_factory=dict)
    degraded: bool = False
    message: str = ""
    graded: bool = (
        False  # what was typed found nothing: the results are those of the graded stage (_graded)
    )

    @property
    def num_pages(self) -> int:
        return max(1, min(MAX_PAGE, (self.count + self.per_page - 1) // self.per_page))

    @property
    def has_facets(self) -> bool:
        """Some facet has a value to choose (no results, or the engine away, leave none)."""
        return any(self.facets.values())

    def as_api(self) -> dict[str, Any]:
        data = {
            "query": self.query.raw,
            "count": self.count,
            "page": self.page,
            "num_pages": self.num_pages,
            "sort": self.sort,
            "results": self.results,
            "facets": self.facets,
            "suggestion": self.suggestion,
            "corrected_from": self.corrected_from,
            "promoted": self.promoted,
            "message": self.message,
        }
        if self.degraded:
            data["degraded"] = True
        return data


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(value or default)))
    except (TypeError, ValueError):
        return default


def _type_label(src: dict[str, Any], labels: dict[str, str]) -> str:
    """The result's type as its page shows it today (a meeting still to come is no report yet)."""
    model = resource_type_by_name(src.get("type") or "") if src["kind"] == "page" else None
    if model is None:
        return labels.get(src.get("type"), "")
    try:
        day = parse_date(str(src.get("date") or "")[:10])
    except ValueError:
        day = None
    return model.type_label_on(day)


def _fields(
    result_id: str, src: dict[str, Any], labels: dict[str, str], highlights: list[dict[str, Any]]
) -> dict[str, Any]:
    """The fields every result has (OpenAPI `SearchResult`), from an index document's source."""
    return {
        "id": result_id,
        "title": src["title"],
        "url": src["url"],
        "kind": src["kind"],
        "type": src.get("type"),
        "type_label": _type_label(src, labels),
        "date": src.get("date"),
        "summary": src.get("summary") or "",
        "filename": src.get("filename") if src["kind"] == "document" else None,
        "highlights": highlights,
        "missing": [],  # typed words a partial match lacks (_result)
        # The language the item is written in (None: too little text to tell), and in words when it is not the
        # site's: the results say « en anglais » and mark the title's language for screen readers.
        "language": src.get("language"),
        "language_label": en_langue(src.get("language"))
        if src.get("language") not in (None, SITE_LANGUAGE)
        else None,
    }


def _result(
    hit,
    matching_documents: dict[str, list[dict[str, str]]],
    labels: dict[str, str],
    q: str = "",
    query: ParsedQuery | None = None,
) -> dict[str, Any]:
    src = hit.source
    url = src["url"]
    # A PDF (or a converted deck) opens in the site's viewer at the passage's page with the query's words; the
    # file keeps #page=N.
    pk = int(str(hit.id).split(":")[1]) if src["kind"] == "document" else None
    viewer = src["kind"] == "document" and has_viewer(pk, src.get("filename"))
    unit = src.get("unit", "page")
    highlights = []
    for h in hit.highlights:
        item = {"text": h.text, "page": h.page}
        if h.page is not None and src["kind"] == "document":
            item["url"] = f"{url}#page={h.page}"
            if viewer:
                item["viewer_url"] = viewer_url(
                    pk, src["title"], viewer_page(src.get("filename"), unit, h.page), q
                )
        highlights.append(item)
    result = _fields(hit.id, src, labels, highlights)
    # Ranked partial matching: the typed words this result lacks (« Sans : identifier »).
    if query is not None and hit.matched is not None:
        result["missing"] = query.missing_words(hit.matched)
    if src["kind"] == "document":
        first_page = next((h.page for h in hit.highlights if h.page is not None), None)
        result["page_url"] = document_page_url(pk, src["title"])
        page = viewer_page(src.get("filename"), unit, first_page)
        result["viewer_url"] = viewer_url(pk, src["title"], page, q) if viewer else None
        result["unit"] = unit
        result["attached_to"] = src.get("attached_to", [])
    if src["kind"] == "page":
        result["matching_documents"] = matching_documents.get(hit.id, [])
    return result


def _matching_documents(matched: set[str], hits) -> dict[str, list[dict[str, str]]]:
    """For each page hit, the documents it attaches that match the query as well (`matched`: those public of
    SearchResponse.matching)."""
    return {
        h.id: [
            {"title": a["title"], "url": a["url"]}
            for a in h.source.get("attachments") or []
            if a["id"] in matched
        ]
        for h in hits
        if h.source["kind"] == "page"
    }


def _checked_suggestion(
    backend, query: ParsedQuery, filters: dict[str, list[str]], count: int
) -> str | None:
    """A spelling suggestion, only if it finds more than what was typed (and so only public words)."""
    suggestion = backend.suggest(query.raw)
    if not suggestion or suggestion.lower() == query.raw.lower():
        return None
    check = SearchRequest(
        query=parse(suggestion),
        filters=filters,
        per_page=1,
        with_facets=False,
        highlights_per_hit=0,
        with_matching=False,
    )
    return suggestion if backend.search(check).count > count else None


def _graded(backend, request: SearchRequest, outcome: SearchOutcome, tolerant: bool = True):
    """What was typed found nothing (all its words, or enough of a long query's): all loose words with their typos
    tolerated (ParsedQuery.fuzzy_words), then all but one, then any of them ranked by how many match; for a ranked
    query (a question), as many words as it needed with typos tolerated, then any of them. Words between quotes
    and exclusions stay strict. Returns (query, response) of the level that found something. The strict query
    never pays for this; `tolerant=False` (?exact=1): no typo tolerance either."""
    _, loose, needed = request.query.split()
    # A ranked query (a question) already asked for `needed` of its words: with typos at that same level, then any
    # of them (all but one would be stricter than what found nothing). Sorted by date, it needed all of them.
    ranked = request.query.for_sort(request.sort).ranked
    first = needed if ranked else len(loose)
    levels = (
        [(first, FUZZY_MESSAGE)] if request.query.relaxed(first, tolerant).fuzzy_words() else []
    )
    if len(loose) >= 3 and not ranked:
        levels.append((len(loose) - 1, MOST_WORDS_MESSAGE))
    if len(loose) >= 2:
        levels.append((1, ANY_WORDS_MESSAGE))
    i = 0
    while i < len(levels):
        needed, message = levels[i]
        # A ranked level (fewer than all its groups) carries the next one as its fallback: the same candidates,
        # one search instead of two (SearchResponse.fell_back).
        fallback = levels[i + 1][0] if i + 1 < len(levels) and needed < len(loose) else None
        query = request.query.relaxed(needed, tolerant, fallback)
        response = backend.search(replace(request, query=query))
        if response.fell_back:
            i += 1
            needed, message = levels[i]
        if response.count:
            query = request.query.relaxed(needed, tolerant)
            outcome.query, outcome.graded = query, True
            outcome.message = f"{outcome.message} {message}".strip()
            return query, response
        i += 1
    return None


def run_search(params: QueryDict) -> SearchOutcome:
    query = parse(params.get("q", ""))
    filters = parse_filters(params)
    sort = "date" if params.get("tri") == "date" else "relevance"
    page = _int(params.get("page"), 1, 1, MAX_PAGE)
    outcome = SearchOutcome(query=query, page=page, sort=sort, filters=filters)
    if query.truncated:
        outcome.message = TRUNCATED_MESSAGE
    if query.is_empty:
        if query.only_stop_words:
            outcome.message = STOP_WORDS_MESSAGE
        elif query.excluded and not filters:
            outcome.message = NOTHING_MESSAGE
        if not filters:
            return outcome
    backend = get_backend()
    request = SearchRequest(
        query=query,
        filters=filters,
        sort=sort,
        page=page,
        per_page=PER_PAGE,
        facet_include={"territories": territory_include(filters.get("territories", []))},
    )
    try:
        response = backend.search(request)
        suggestion = None
        if not query.is_empty and response.count < SUGGEST_BELOW:
            suggestion = _checked_suggestion(backend, query, filters, response.count)
        if (
            suggestion
            and response.count == 0
            and not params.get(KEEP_TYPED)
            and confident(query.raw, suggestion)
        ):
            # Nothing for what was typed, something for its confident correction: show that, and offer the typed
            # words. With results, or a farther correction, the typed words stay and the correction is proposed.
            outcome.corrected_from, outcome.suggestion = query.raw, None
            query = outcome.query = parse(suggestion)
            response = backend.search(replace(request, query=query))
            suggestion = None
        if response.count == 0 and (
            graded := _graded(
                backend, replace(request, query=query), outcome, tolerant=not params.get(KEEP_TYPED)
            )
        ):
            query, response = graded
        # entries a write without signals left (search/public_set.py): one check for the hits and their documents
        public = public_subset([h.id for h in response.hits] + sorted(response.matching))
        hits = [h for h in response.hits if h.id in public]
        matching = _matching_documents(response.matching & public, hits)
    except SearchUnavailable as exc:
        logger.warning("public search degraded: %s", exc)
        return _fallback(outcome)
    labels = type_labels()
    outcome.count = response.count - (len(response.hits) - len(hits))
    outcome.results = [_result(h, matching, labels, query.raw, query) for h in hits]
    outcome.facets = labelled(response.facets, filters)
    outcome.suggestion = suggestion
    if page == 1 and not query.is_empty:
        outcome.promoted = promoted_for(query.raw)
    return outcome


def _fallback(outcome: SearchOutcome) -> SearchOutcome:
    """Search engine unreachable: Wagtail's database search over live public pages, clearly flagged."""
    outcome.degraded = True
    outcome.message = DEGRADED_MESSAGE
    text = " ".join(item.text for item in outcome.query.items())
    qs = ResourcePage.objects.live().public()
    if text:
        try:
            pages = list(qs.search(text)[:PER_PAGE])
        except Exception:  # the fallback must never turn a degraded answer into an error page
            logger.exception("fallback search failed")
            pages = []
    else:
        pages = list(qs.order_by("-date")[:PER_PAGE])
    labels = type_labels()
    outcome.count = len(pages)
    outcome.results = [
        {
            **_fields(
                f"page:{p.pk}",
                {
                    "title": p.title,
                    "url": p.get_url(),
                    "kind": "page",
                    "summary": p.summary,
                    "type": p.specific_class._meta.model_name,
                    "date": p.date.isoformat(),
                },
                labels,
                [],
            ),
            "matching_documents": [],
        }
        for p in pages
    ]
    return outcome


def autocomplete(prefix: str) -> list[dict[str, Any]]:
    """Titles of resources and actors, then themes, starting with what is typed."""
    prefix = " ".join(prefix.split())[:100]
    if len(prefix) < 2:
        return []
    try:
        items = public_only(get_backend().autocomplete(prefix), key=lambda item: item["id"])
    except SearchUnavailable:
        items = []
    labels = type_labels()
    out = [
        {
            "title": i["title"],
            "url": i["url"],
            "kind": i["kind"],
            "label": labels.get(i.get("type"), ""),
        }
        for i in items
    ]
    folded = fold(prefix)
    themes = [
        t
        for t in Theme.objects.all()
        if any(w.startswith(folded) for w in fold(t.name).split())
        or fold(t.name).startswith(folded)
    ][:3]
    out += [
        {"title": t.name, "url": f"/recherche/?theme={t.slug}", "kind": "theme", "label": "Thème"}
        for t in themes
    ]
    return out
