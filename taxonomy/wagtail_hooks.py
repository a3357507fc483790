"""The territory chooser (taxonomy/choosers.py), and the admin addresses themes and territories had before they
moved to this app, redirected. The menu entries of themes and territories are registered with their groups
(see taxonomy/viewsets.py)."""

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import re_path
from django.utils.html import format_html
from wagtail import hooks

from taxonomy.choosers import territory_chooser

# Old admin prefix → new one (bookmarks of editors made before taxonomy existed).
MOVED_ADMIN_URLS = {
    "actors/territory/": "taxonomy/territory/",
    "snippets/resources/theme/": "snippets/taxonomy/theme/",
}


def _moved(request: HttpRequest, old: str, rest: str) -> HttpResponsePermanentRedirect:
    query = request.META.get("QUERY_STRING", "")
    target = request.path[: -len(old + rest)] + MOVED_ADMIN_URLS[old] + rest
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)


@hooks.register("register_admin_viewset")
def _choosers():
    return [territory_chooser]


@hooks.register("insert_global_admin_js")
def _keep_chooser_selection():
    """Multiple choosers keep their ticks across searches (the territories first of all)."""
    return format_html('<script src="{}" defer></script>', static("taxonomy/chooser-selection.js"))


@hooks.register("register_admin_urls")
def _urls():
    return [
        re_path(rf"^(?P<old>{old})(?P<rest>.*)$", _moved, name=f"taxonomy_moved_{i}")
        for i, old in enumerate(MOVED_ADMIN_URLS)
    ]
