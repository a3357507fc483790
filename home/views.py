"""The HTML site map: the public page tree and the site's other sections."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.models import Page, Site

# Sections served by views rather than pages.
OTHER_SECTIONS = [
    ("Annuaire des acteurs", "/acteurs/"),
    ("Recherche", "/recherche/"),
    ("Flux RSS des nouvelles ressources", "/flux/ressources.xml"),
]


def page_tree(root: Page, request: HttpRequest | None = None) -> list[dict]:
    """Live public pages under `root` (included) as nested [{"title", "url", "children"}, …], in tree order.

    Drafts, unpublished pages and pages under a view restriction (and everything below them) are left out."""
    pages = root.get_descendants(inclusive=True).live().public().order_by("path")
    nodes: dict[str, dict] = {}
    top: list[dict] = []
    for page in pages:
        url = page.get_url(request=request)
        if not url:
            continue
        node = {"title": page.title, "url": url, "children": []}
        nodes[page.path] = node
        parent = nodes.get(page.path[: -Page.steplen])
        if parent is not None:
            parent["children"].append(node)
        elif page.pk == root.pk:
            top.append(node)
        # a page whose parent was left out (private, unpublished) is left out too
    return top


def site_map(request: HttpRequest) -> HttpResponse:
    site = Site.find_for_request(request)
    tree = page_tree(site.root_page, request) if site else []
    return TemplateResponse(
        request, "home/site_map.html", {"tree": tree, "sections": OTHER_SECTIONS}
    )
