"""Site navigation for the templates: the sections of the menu and the breadcrumb (the footer's links are the home
app's, `{% load footer %}`)."""

from __future__ import annotations

from django import template
from django.db import DatabaseError
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.templatetags.wagtailcore_tags import slugurl

register = template.Library()


@register.simple_tag(takes_context=True)
def breadcrumb(context, page: Page) -> list[dict[str, str]]:
    """The live pages from the home page down to `page`'s parent, [{"title", "url"}, …]; home is "Accueil"."""
    return breadcrumb_trail(page, context.get("request"))


def breadcrumb_trail(page: Page, request) -> list[dict[str, str]]:
    site = Site.find_for_request(request) if request else None
    root_depth = site.root_page.depth if site else 2
    trail = []
    for ancestor in page.get_ancestors().filter(depth__gte=root_depth).live():
        url = ancestor.get_url(request=request)
        if url:
            trail.append(
                {"title": "Accueil" if ancestor.depth == root_depth else ancestor.title, "url": url}
            )
    return trail


@register.simple_tag(takes_context=True)
def section_url(context, slug: str) -> str:
    """The address of the site's page `slug` (« ressources »), as Wagtail's `{% slugurl %}` finds it; the error pages
    render this too, maybe with the database down: then, or without such a page, the address it has by default."""
    request = context.get("request")
    known = getattr(request, "_section_urls", None) if request is not None else None
    if known is not None and slug in known:  # the menu and the page's body ask once
        return known[slug]
    try:
        url = slugurl(context, slug)
    except DatabaseError:
        url = None
    url = url or reverse("wagtail_serve", args=[f"{slug}/"])
    if request is not None:
        request._section_urls = {**(known or {}), slug: url}
    return url
