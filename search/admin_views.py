"""Search analytics for editors: the most frequent queries and those that found nothing."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.contrib.search_promotions.views import chooser, chooserresults

from search.models import QueryStat

PERIODS = [(7, "7 jours"), (30, "30 jours"), (90, "3 mois"), (365, "12 mois")]
LIMIT = 50
# visitors' queries may hold personal data: the report needs its own permission (Wagtail's search-terms
# report does the same), granted to groups in Paramètres → Groupes
PERMISSION = "maillage_search.view_querystat"


def search_analytics(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    try:
        days = int(request.GET.get("jours", 30))
    except ValueError:
        days = 30
    days = days if days in dict(PERIODS) else 30
    since = timezone.localdate() - timedelta(days=days - 1)
    stats = (
        QueryStat.objects.filter(date__gte=since)
        .values("query_id", "query__query_string")
        .annotate(searches=Sum("searches"), empty=Sum("empty_searches"), last_seen=Max("date"))
    )
    top = list(stats.order_by("-searches", "query__query_string")[:LIMIT])
    empty = list(
        stats.filter(empty__gt=0).order_by("-empty", "-last_seen", "query__query_string")[:LIMIT]
    )
    totals = QueryStat.objects.filter(date__gte=since).aggregate(
        searches=Sum("searches"), empty=Sum("empty_searches")
    )
    return TemplateResponse(
        request,
        "search/admin/analytics.html",
        {
            "top": top,
            "empty": empty,
            "days": days,
            "periods": PERIODS,
            "total_searches": totals["searches"] or 0,
            "total_empty": totals["empty"] or 0,
            "header_title": "Statistiques de recherche",
        },
    )


def gated_query_chooser(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    return chooser(request)


def gated_query_chooser_results(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    return chooserresults(request)
