"""The newsletter block: chosen resources as an e-mail-safe HTML snippet and as plain text.

E-mail clients ignore stylesheets and many CSS properties: the HTML is made of tables with inline styles,
absolute links and no image, script or external font, so that it survives being pasted into any newsletter tool.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string

from core.french import date_fr
from resources.campaigns import with_campaign
from resources.models import ResourcePage

DEFAULT_HEADING = "Nouvelles ressources"


@dataclass(frozen=True)
class NewsletterItem:
    title: str
    url: str
    type_label: str
    date_label: str
    summary: str


def resources_since(since: date) -> list[ResourcePage]:
    """Live public resources first published on or after `since`, newest first."""
    return list(
        ResourcePage.objects.live()
        .public()
        .filter(first_published_at__date__gte=since)
        .order_by("-first_published_at", "-pk")
        .specific()
    )


def newsletter_items(pages: list[ResourcePage], campaign: str = "", request=None) -> list[NewsletterItem]:
    items = []
    for page in pages:
        page = page.specific
        url = page.get_full_url(request=request)
        if not url:
            continue
        items.append(
            NewsletterItem(
                title=page.title,
                url=with_campaign(url, campaign),
                type_label=page.type_label,
                date_label=date_fr(page.date),
                summary=" ".join((page.summary or page.search_description or "").split()),
            )
        )
    return items


def render_html(items: list[NewsletterItem], heading: str = DEFAULT_HEADING) -> str:
    """A table-based, inline-styled HTML fragment, ready to paste in an HTML block of a newsletter tool."""
    return render_to_string("resources/newsletter/snippet.html", {"items": items, "heading": heading}).strip()


def render_text(items: list[NewsletterItem], heading: str = DEFAULT_HEADING, width: int = 72) -> str:
    """The same content as plain text, wrapped for e-mail, each link on its own line."""
    lines = []
    if heading:
        lines += [heading, "=" * len(heading), ""]
    for item in items:
        lines.append(item.title)
        lines.append(f"{item.type_label} · {item.date_label}")
        if item.summary:
            lines += textwrap.wrap(item.summary, width=width)
        lines.append(item.url)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
