"""`{% json_ld obj %}`: the schema.org description of a page or an organisation (core/structured_data.py)."""

from __future__ import annotations

import logging

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString
from wagtail.models import Page

from core import structured_data
from core.templatetags.navigation import breadcrumb_trail

logger = logging.getLogger(__name__)
register = template.Library()


@register.simple_tag(takes_context=True)
def json_ld(context, obj, trail: list | None = None) -> SafeString | str:
    """`trail` ([{"title", "url"}]) gives the breadcrumb of objects that are not pages."""
    request = context.get("request")
    try:
        describe = getattr(obj, "structured_data", None)
        if isinstance(obj, Page):
            obj = obj.specific
            describe = getattr(obj, "structured_data", None)
            main = describe(request) if describe else structured_data.web_page(obj, request)
            trail = breadcrumb_trail(obj, request) if obj.depth > 2 else None
            url = obj.get_url(request=request)
            name = obj.title
        else:
            main = describe(request)
            url = obj.get_absolute_url()
            name = str(obj)
        blocks = [main]
        if trail:
            blocks.append(structured_data.breadcrumb_list(trail, name, url, request))
        return structured_data.render(blocks)
    except Exception:  # structured data must never break the page it describes
        logger.exception("structured data of %r failed", obj)
        return ""


@register.simple_tag(takes_context=True)
def json_ld_listing(
    context, name: str, *crumbs: str, kind: str = "CollectionPage", territories=(), about=None
) -> SafeString | str:
    """A view outside the page tree: `{% json_ld_listing "Plan du site" kind="WebPage" %}`. `crumbs` are the
    (title, URL) pairs between « Accueil » and the view, then `territories` (a territory's ancestors) link to
    their own pages; `about` is the Territory a page describes."""
    request = context.get("request")
    try:
        trail = [{"title": "Accueil", "url": "/"}]
        trail += [
            {"title": title, "url": url}
            for title, url in zip(crumbs[::2], crumbs[1::2], strict=True)
        ]
        trail += [
            {"title": t.name, "url": reverse("actors:territory", args=[t.key])} for t in territories
        ]
        url = request.path if request else ""
        main = structured_data.listing_page(
            name, url, request, kind, about=structured_data.place(about) if about else None
        )
        return structured_data.render(
            [main, structured_data.breadcrumb_list(trail, name, url, request)]
        )
    except Exception:  # structured data must never break the page it describes
        logger.exception("structured data of %s failed", name)
        return ""
