"""What the search page offers before anything is typed: themes, recent resources, frequent searches."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from resources.models import ResourcePage
from search.models import QueryStat
from taxonomy.models import Theme

RECENT_COUNT = 5
FREQUENT_COUNT = 8
FREQUENT_DAYS = 90
# Only queries that several visits typed and that found something: a one-off query may hold personal data.
FREQUENT_MIN_SEARCHES = 2


def frequent_searches(limit: int = FREQUENT_COUNT) -> list[str]:
    since = timezone.localdate() - timedelta(days=FREQUENT_DAYS - 1)
    rows = (QueryStat.objects.filter(date__gte=since).values("query__query_string")
            .annotate(searches=Sum("searches"), empty=Sum("empty_searches"))
            .filter(searches__gte=FREQUENT_MIN_SEARCHES, empty__lt=F("searches"))
            .order_by("-searches", "query__query_string"))
    return [row["query__query_string"] for row in rows[:limit]]


def search_guidance() -> dict[str, Any]:
    live = ResourcePage.objects.live().public()
    themes = (Theme.objects.annotate(n=Count("resourcepage", filter=Q(resourcepage__in=live.values("pk")),
                                             distinct=True))
              .filter(n__gt=0).order_by("name"))
    recent = list(live.order_by("-first_published_at", "-pk").specific()[:RECENT_COUNT])
    return {"themes": list(themes), "recent": recent, "frequent": frequent_searches()}
