"""The public search page, the JSON search API and autocomplete."""

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from search.facets import FACET_LABELS
from search.guidance import search_guidance
from search.promotions import record_search
from search.service import KEEP_TYPED, autocomplete, run_search

JSON = {"ensure_ascii": False}


def _with_query(params: QueryDict, q: str, exact: bool = False) -> str:
    """The current search (filters, sort) for other words: a suggestion, or the words as typed (?exact=1)."""
    params = params.copy()
    params.pop(KEEP_TYPED, None)
    params["q"] = q
    if exact:
        params[KEEP_TYPED] = "1"
    return params.urlencode()


def _active_filters(outcome, params: QueryDict) -> list[dict[str, str]]:
    """The filters applied, each with the query that removes it: shown above the results (the facets fold on phones)."""
    active = []
    for name, items in outcome.facets.items():
        for item in items:
            if not item["selected"]:
                continue
            without = params.copy()
            without.setlist(name, [v for v in params.getlist(name) if v != str(item["value"])])
            active.append(
                {
                    "group": FACET_LABELS.get(name, name),
                    "label": item["label"],
                    "remove": without.urlencode(),
                }
            )
    return active


def _client(request: HttpRequest) -> str:
    """The client address the rate-limit middleware (api.ratelimit) read, behind a proxy too."""
    return getattr(request, "client_address", "") or request.META.get("REMOTE_ADDR", "")


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    outcome = run_search(request.GET)
    if outcome.page == 1 and not outcome.query.is_empty and not outcome.filters:
        # The statistics keep what visitors typed: a query corrected automatically found nothing itself.
        found_as_typed = not outcome.corrected_from and not outcome.graded
        record_search(
            outcome.corrected_from or outcome.query.raw,
            outcome.count if found_as_typed else 0,
            _client(request),
        )
    params = request.GET.copy()
    params.pop("page", None)
    sort_params = params.copy()
    sort_params.pop("tri", None)
    # An alert or a feed follows the search the page shows: the corrected words when it corrected them.
    shown = QueryDict(_with_query(params, outcome.query.raw)) if outcome.corrected_from else params
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "outcome": outcome,
            "q": outcome.query.raw,
            "base_query": params.urlencode(),
            "sort_query": sort_params.urlencode(),
            "exact": bool(request.GET.get(KEEP_TYPED)),
            "typed_query": _with_query(params, outcome.corrected_from, exact=True)
            if outcome.corrected_from
            else "",
            "suggestion_query": _with_query(params, outcome.suggestion)
            if outcome.suggestion
            else "",
            "shown_search": shown,
            "facet_labels": FACET_LABELS,
            "active_filters": _active_filters(outcome, params),
            "guidance": search_guidance()
            if outcome.query.is_empty and not outcome.filters
            else None,
        },
    )


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    outcome = run_search(request.GET)
    return JsonResponse(outcome.as_api(), json_dumps_params=JSON)


@require_GET
def autocomplete_api(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"results": autocomplete(request.GET.get("q", ""))}, json_dumps_params=JSON)
