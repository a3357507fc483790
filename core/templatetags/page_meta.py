"""`{% load page_meta %}`: what shares and partner sites read of any page: its absolute URL on the site's canonical
domain and its description."""

from __future__ import annotations

from django import template

register = template.Library()
DEFAULT_DESCRIPTION = "Centre de ressources des collectivités pour l'économie sociale et solidaire."


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """`path` on the canonical domain of the current page's site (the one canonical links use)."""
    if not path or path.startswith(("http://", "https://")):
        return path or ""
    page = context.get("page")
    site = page.get_site() if page is not None and hasattr(page, "get_site") else None
    if site is not None:
        return f"{site.root_url}{path}"
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@register.simple_tag
def page_description(page, length: int = 300) -> str:
    """The description for search engines and shares: SEO description, else the summary or the intro."""
    specific = getattr(page, "specific", page)
    text = (
        page.search_description
        or getattr(specific, "summary", "")
        or getattr(specific, "intro", "")
        or ""
    )
    text = " ".join(text.split()) or DEFAULT_DESCRIPTION
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"
