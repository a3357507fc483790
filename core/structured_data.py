"""schema.org JSON-LD, so that search engines and partner sites know what each public page is.

Models describe themselves with `structured_data(request) -> dict` (resources: CreativeWork, Report, Event;
actors: Organization); other pages are a WebPage, the home page the WebSite. `{% json_ld obj %}` adds the
BreadcrumbList of a page and writes both in one <script type="application/ld+json">; views outside the page tree
(directory, territories, site map, search) use `{% json_ld_listing name … %}`. The helpers below are
the shared pieces (publisher, place, organisation reference, document, absolute URLs).
"""

from __future__ import annotations

import json
import mimetypes
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

CONTEXT = "https://schema.org"
SITE_NAME = "Maillage"
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def absolute(request: HttpRequest | None, url: str | None) -> str | None:
    if not url:
        return None
    if url.startswith(("http://", "https://")) or request is None:
        return url
    return request.build_absolute_uri(url)


def publisher(request: HttpRequest | None) -> dict[str, Any]:
    return {"@type": "Organization", "name": SITE_NAME, "url": absolute(request, "/")}


def organisation_ref(organisation, request: HttpRequest | None) -> dict[str, Any]:
    """A short Organization (name and page) for the organisers, funders or actors of a page."""
    return compact(
        {
            "@type": "Organization",
            "name": organisation.name,
            "url": absolute(request, organisation.get_absolute_url()),
        }
    )


def place(territory) -> dict[str, Any]:
    """A territory as a Place: its name, and its centre where known."""
    data: dict[str, Any] = {
        "@type": "AdministrativeArea" if territory.level != "commune" else "City",
        "name": territory.name,
    }
    if territory.latitude is not None and territory.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": territory.latitude,
            "longitude": territory.longitude,
        }
    return data


def digital_document(
    document, request: HttpRequest | None, page_url: str | None = None
) -> dict[str, Any]:
    """A document: a DigitalDocument (its page where it has one, else the file), the file as its encoding."""
    mime = mimetypes.guess_type(document.filename)[0]
    file_url = absolute(request, document.url)
    size = getattr(document, "file_size", None)
    return compact(
        {
            "@type": "DigitalDocument",
            "name": document.title,
            "url": absolute(request, page_url) if page_url else file_url,
            "encodingFormat": mime,
            "inLanguage": getattr(document, "language", None),
            "encoding": compact(
                {
                    "@type": "MediaObject",
                    "contentUrl": file_url,
                    "encodingFormat": mime,
                    "contentSize": f"{size} B" if size else None,
                }
            ),
        }
    )


def web_page(page, request: HttpRequest | None) -> dict[str, Any]:
    data = {
        "@type": "WebPage",
        "name": page.seo_title or page.title,
        "url": absolute(request, page.get_url(request=request)),
        "description": page.search_description or None,
        "inLanguage": "fr",
        "publisher": publisher(request),
    }
    if page.depth <= 2:  # the home page: the site itself, with its search
        data["@type"] = "WebSite"
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{absolute(request, '/recherche/')}?q={{q}}",
            },
            "query-input": "required name=q",
        }
    return compact(data)


def listing_page(
    name: str,
    url: str,
    request: HttpRequest | None,
    kind: str = "CollectionPage",
    about: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A view outside the page tree (directory, territory, site map, search): a CollectionPage, SearchResultsPage
    or WebPage, `about` a place for a territory's page."""
    return compact(
        {
            "@type": kind,
            "name": name,
            "url": absolute(request, url),
            "inLanguage": "fr",
            "publisher": publisher(request),
            "about": about,
        }
    )


def breadcrumb_list(
    trail: list[dict[str, str]], current: str, url: str | None, request: HttpRequest | None
) -> dict[str, Any]:
    items = [*trail, {"title": current, "url": url}]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            compact(
                {
                    "@type": "ListItem",
                    "position": i,
                    "name": item["title"],
                    "item": absolute(request, item["url"]),
                }
            )
            for i, item in enumerate(items, start=1)
        ],
    }


def compact(data: dict[str, Any]) -> dict[str, Any]:
    """Without empty values: schema.org consumers treat an empty property as a wrong one."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def render(blocks: list[dict[str, Any]]) -> SafeString:
    """One <script type="application/ld+json"> holding every block, safe inside HTML."""
    graph = (
        {"@context": CONTEXT, "@graph": blocks}
        if len(blocks) > 1
        else {"@context": CONTEXT, **blocks[0]}
    )
    text = json.dumps(graph, ensure_ascii=False, default=str).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 — escaped above
