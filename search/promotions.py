"""Promoted results (Wagtail's search promotions) and search analytics for editors."""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.search.utils import normalise_query_string

from resources.visibility import page_is_public
from search import labels
from search.models import QueryStat
from search.query_log import masked, new_visitor

logger = logging.getLogger(__name__)
MAX_RECORDED_CHARS = 255


def _normalised(raw: str) -> str:
    return normalise_query_string(raw.strip())[:MAX_RECORDED_CHARS]


def promoted_for(raw: str) -> list[dict[str, Any]]:
    """The results editors pinned for this query, live and public pages only."""
    text = _normalised(raw) if raw and len(raw.strip()) <= MAX_RECORDED_CHARS else ""
    if not text or text not in labels.get().promoted_queries:
        return []
    out = []
    promotions = (
        SearchPromotion.objects.filter(query__query_string=text)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    for promotion in promotions:
        if promotion.page_id:
            page = promotion.page.specific
            if not page_is_public(page):
                continue
            out.append(
                {
                    "title": page.title,
                    "url": page.get_url() or page.url_path,
                    "description": promotion.description or getattr(page, "summary", "") or "",
                }
            )
        elif promotion.external_link_url:
            out.append(
                {
                    "title": promotion.external_link_text or promotion.external_link_url,
                    "url": promotion.external_link_url,
                    "description": promotion.description,
                }
            )
    return out


def record_search(raw: str, count: int, client: str = "") -> None:
    """Count a search (Wagtail's daily hits), whether it found anything and by how many distinct visitors
    (QueryStat); the query is kept masked (search.query_log: no digits, addresses or links)."""
    text = masked(raw.strip())
    if not 1 < len(text) <= MAX_RECORDED_CHARS:
        return
    try:
        with transaction.atomic():
            query = Query.get(text)
            query.add_hit()
            stat, _ = QueryStat.objects.get_or_create(query=query, date=timezone.localdate())
            QueryStat.objects.filter(pk=stat.pk).update(
                searches=F("searches") + 1,
                empty_searches=F("empty_searches") + (0 if count else 1),
                last_count=count,
                visitors=F("visitors") + (1 if new_visitor(client, query.query_string) else 0),
            )
    except DatabaseError:  # analytics must never break a search
        logger.exception("could not record search analytics")
