from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from search.service import autocomplete, run_search


def _record_query(raw: str, count: int) -> None:
    """Search analytics: Wagtail's search promotions keep daily hit counts per query."""
    from wagtail.contrib.search_promotions.models import Query

    text = raw.strip()
    if 1 < len(text) <= 255:
        Query.get(text).add_hit()


def _promotions(raw: str) -> list:
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion
    from wagtail.search.utils import normalise_query_string

    text = raw.strip()
    if not text or len(text) > 255:
        return []
    query = Query.objects.filter(query_string=normalise_query_string(text)).first()
    if not query:
        return []
    promotions = SearchPromotion.objects.filter(query=query).select_related("page").order_by("sort_order")
    return [p for p in promotions if p.page is None or (p.page.live and not p.page.get_view_restrictions())]


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    outcome = run_search(request.GET)
    if outcome.page == 1 and not outcome.query.is_empty:
        _record_query(outcome.query.raw, outcome.count)
    params = request.GET.copy()
    params.pop("page", None)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "outcome": outcome,
            "promotions": _promotions(outcome.query.raw) if outcome.page == 1 else [],
            "q": outcome.query.raw,
            "base_query": params.urlencode(),
        },
    )


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    outcome = run_search(request.GET)
    return JsonResponse(outcome.as_api(), json_dumps_params={"ensure_ascii": False})


@require_GET
def autocomplete_api(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"results": autocomplete(request.GET.get("q", ""))}, json_dumps_params={"ensure_ascii": False})
