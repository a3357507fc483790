"""The public search page, the JSON search API and autocomplete."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from search.facets import FACET_LABELS
from search.guidance import search_guidance
from search.promotions import record_search
from search.service import autocomplete, run_search

JSON = {"ensure_ascii": False}


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    outcome = run_search(request.GET)
    if outcome.page == 1 and not outcome.query.is_empty and not outcome.filters:
        # The statistics keep what visitors typed: a query corrected automatically found nothing itself.
        found_as_typed = not outcome.corrected_from and outcome.query.min_loose is None
        record_search(outcome.corrected_from or outcome.query.raw, outcome.count if found_as_typed else 0)
    params = request.GET.copy()
    params.pop("page", None)
    sort_params = params.copy()
    sort_params.pop("tri", None)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "outcome": outcome,
            "q": outcome.query.raw,
            "base_query": params.urlencode(),
            "sort_query": sort_params.urlencode(),
            "facet_labels": FACET_LABELS,
            "guidance": search_guidance() if outcome.query.is_empty and not outcome.filters else None,
        },
    )


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    outcome = run_search(request.GET)
    return JsonResponse(outcome.as_api(), json_dumps_params=JSON)


@require_GET
def autocomplete_api(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"results": autocomplete(request.GET.get("q", ""))}, json_dumps_params=JSON)
