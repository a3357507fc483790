"""The admin dashboard lists the information pages (mentions légales, accessibilité…) still to complete: a draft, or
bracketed passages left (« [nom de la structure éditrice] »), with what is left in each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wagtail import hooks
from wagtail.admin.ui.components import Component

from home.models import StandardPage


def pages_to_complete() -> list[dict[str, Any]]:
    out = []
    for page in StandardPage.objects.exclude(kind=StandardPage.Kind.OTHER).order_by("path"):
        latest = page.get_latest_revision_as_object()
        left = latest.placeholders()
        if left or not page.live:
            out.append({"page": page, "placeholders": left, "live": page.live})
    return out


class InformationPagesPanel(Component):
    name = "information_pages_to_complete"
    template_name = "home/information_pages_panel.html"
    order = 20

    def __init__(self, pages: list[dict[str, Any]]):
        self.pages = pages

    def get_context_data(self, parent_context: Mapping[str, Any]) -> Mapping[str, Any]:
        return {"pages": self.pages}


@hooks.register("construct_homepage_panels")
def list_information_pages_to_complete(request, panels) -> None:
    if request.user.has_perm("wagtailadmin.access_admin") and (pages := pages_to_complete()):
        panels.append(InformationPagesPanel(pages))
