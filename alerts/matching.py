"""New public resources matching a saved search, found by the public search backend itself.

The candidates are the live public resource pages first published in the period; the backend then says which
of them match the query and filters (with the same parser, analysis, facets and public index as /recherche/),
and gives the passage that matched — from the page, or from a document attached to it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime

from alerts.saved import SavedSearch
from resources.document_urls import passage_viewer_url
from resources.models import ResourcePage
from search.backends import SearchRequest, get_backend
from search.facets import type_labels
from search.public_set import public_only
from search.query import parse

SCAN_PER_PAGE = 100
SCAN_MAX_PAGES = (
    20  # hits are read newest first; a new resource dated long ago may need a few pages
)
MAX_ITEMS = 50


@dataclass
class Match:
    page_id: int
    title: str
    path: str  # the page's URL on the site ("/ressources/…/"), made absolute when mailed
    type_label: str
    date: str  # ISO date of the resource
    passage_html: str = ""  # escaped, matched words in <mark>
    where: str = ""  # « Page 3 de « Rapport.pdf » » when the passage comes from a document
    where_path: str = ""

    @property
    def passage_text(self) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", self.passage_html))


def passage_place(source: dict, number: int) -> str:
    unit = {"slide": "Diapositive", "section": "Section"}.get(source.get("unit"), "Page")
    return f"{unit} {number} de « {source.get('title') or source.get('filename')} »"


def new_matches(saved: SavedSearch, since: datetime, until: datetime) -> list[Match]:
    """Public resources first published in (since, until] that the saved search finds, newest first.
    Raises search.backends.SearchUnavailable when the engine cannot answer (the caller tries again later)."""
    pages = list(
        ResourcePage.objects.live()
        .public()
        .filter(first_published_at__gt=since, first_published_at__lte=until)
        .specific()
    )
    if not pages:
        return []
    labels = type_labels()
    by_id = {f"page:{p.pk}": p for p in pages}
    by_path = {p.get_url(): p for p in pages}
    oldest = min(p.date for p in pages).isoformat()
    found: dict[int, Match] = {}
    backend = get_backend()
    query = parse(saved.query)
    for number in range(1, SCAN_MAX_PAGES + 1):
        response = backend.search(
            SearchRequest(
                query=query,
                filters=saved.filters,
                sort="date",
                page=number,
                per_page=SCAN_PER_PAGE,
                with_facets=False,
                highlights_per_hit=1,
            )
        )
        for hit in public_only(
            response.hits
        ):  # never a passage of what left the public set without signals
            source = hit.source
            targets = [by_id[hit.id]] if hit.id in by_id else []
            if source.get("kind") == "document":
                targets = [
                    by_path[a["url"]]
                    for a in source.get("attached_to", [])
                    if a.get("url") in by_path
                ]
            for page in targets:
                match = found.get(page.pk)
                if match is None:
                    match = found[page.pk] = Match(
                        page_id=page.pk,
                        title=page.title,
                        path=page.get_url(),
                        type_label=labels.get(page._meta.model_name, ""),
                        date=page.date.isoformat(),
                    )
                if not match.passage_html and hit.highlights:
                    highlight = hit.highlights[0]
                    match.passage_html = highlight.text
                    if source.get("kind") == "document" and highlight.page is not None:
                        match.where = passage_place(source, highlight.page)
                        # the site's viewer at that page or slide (a deck's file would only download)
                        pk = int(hit.id.split(":", 1)[1])
                        match.where_path = (
                            passage_viewer_url(
                                pk,
                                source["title"],
                                source.get("filename"),
                                source.get("unit", "page"),
                                highlight.page,
                                saved.query,
                            )
                            or f"{source['url']}#page={highlight.page}"
                        )
        last_date = (response.hits[-1].source.get("date") or "") if response.hits else ""
        if (
            len(found) == len(pages)
            or not response.hits
            or number * SCAN_PER_PAGE >= response.count
            or last_date < oldest
        ):
            break
    for page in pages:
        if page.pk in found and not found[page.pk].passage_html:
            found[page.pk].passage_html = html.escape(page.summary or "")
    ordered = sorted(found.values(), key=lambda m: (m.date, m.page_id), reverse=True)
    return ordered[:MAX_ITEMS]
