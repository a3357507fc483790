"""What the search page offers before anything is typed: themes, recent resources, frequent searches."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from wagtail.contrib.search_promotions.models import SearchPromotion

from resources.models import ResourcePage
from search.backends import SearchRequest, SearchUnavailable, get_backend
from search.models import QueryStat
from search.query import parse
from search.query_log import shareable
from taxonomy.models import Theme

RECENT_COUNT = 5
FREQUENT_COUNT = 8
FREQUENT_DAYS = 90
# Shown to every visitor, so never chosen by one: a query editors approved (it has promoted results, *Paramètres →
# Résultats de recherche promus*), or one that many distinct visitors typed (search.query_log), that found something,
# that still finds something public, and never with digits, addresses or links.
FREQUENT_MIN_VISITORS = 10


def frequent_searches(limit: int = FREQUENT_COUNT) -> list[str]:
    since = timezone.localdate() - timedelta(days=FREQUENT_DAYS - 1)
    approved = SearchPromotion.objects.values("query_id")
    rows = (
        QueryStat.objects.filter(date__gte=since)
        .values("query__query_string")
        .annotate(searches=Sum("searches"), empty=Sum("empty_searches"), visitors=Sum("visitors"))
        .filter(
            Q(visitors__gte=FREQUENT_MIN_VISITORS) | Q(query_id__in=approved),
            empty__lt=F("searches"),
        )
        .order_by("-visitors", "-searches", "query__query_string")
    )
    shown = (row["query__query_string"] for row in rows[: limit * 4])
    return list(
        itertools.islice((text for text in shown if shareable(text) and _finds_public(text)), limit)
    )


def _finds_public(text: str) -> bool:
    """The query still finds something public now: a name removed from the public set leaves with it."""
    request = SearchRequest(query=parse(text), per_page=1, with_facets=False, highlights_per_hit=0)
    try:
        return not request.query.is_empty and get_backend().search(request).count > 0
    except SearchUnavailable:
        return False


def search_guidance() -> dict[str, Any]:
    live = ResourcePage.objects.live().public()
    themes = (
        Theme.objects.annotate(
            n=Count("resourcepage", filter=Q(resourcepage__in=live.values("pk")), distinct=True)
        )
        .filter(n__gt=0)
        .order_by("name")
    )
    recent = list(live.order_by("-first_published_at", "-pk").specific()[:RECENT_COUNT])
    return {"themes": list(themes), "recent": recent, "frequent": frequent_searches()}
