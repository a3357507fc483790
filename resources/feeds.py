"""RSS and Atom feeds of new resources: all of them, or those of one type, theme or territory.

URLs are stable (/flux/ressources.xml, /flux/theme/alimentation.atom…); an item's id is the page's permanent
address (/r/<id>/), so that a renamed or moved page is not announced twice.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from core.french import date_fr
from resources.listing import FILTER_PARAMS, apply_filters
from resources.models import ResourceIndexPage, ResourcePage
from resources.resource_types import resource_type_by_name
from taxonomy.models import Territory, Theme

FEED_SIZE = 30


class ResourceFeed(Feed):
    """The latest published resources, newest first; `kind`/`value` narrow it, query parameters too."""

    feed_type = Rss201rev2Feed
    language = "fr"

    def get_object(
        self, request: HttpRequest, kind: str = "", value: str = "", fmt: str = "xml"
    ) -> dict:
        self.feed_type = Atom1Feed if fmt == "atom" else Rss201rev2Feed
        filters: dict = {}
        label = ""
        if kind == "type":
            model = resource_type_by_name(value)
            if model is None:
                raise Http404("Type de ressource inconnu.")
            filters["type"], label = value, model.resource_type_label
        elif kind == "theme":
            theme = Theme.objects.filter(slug=value).first()
            if theme is None:
                raise Http404("Thème inconnu.")
            filters["theme"], label = value, f"thème « {theme.name} »"
        elif kind == "territoire":
            territory: Territory | None = Territory.from_key(value)
            if territory is None:
                raise Http404("Territoire inconnu.")
            filters["territoire"], label = value, f"territoire : {territory.name}"
        else:
            for name in FILTER_PARAMS:  # the listing's filters (resources.listing.FILTERS)
                value = request.GET.get(name, "")
                if name == "annee":
                    if (
                        value.isascii() and value.isdigit() and 1 <= int(value[:5]) <= 9999
                    ):  # else: every year
                        filters[name] = int(value)
                elif value:
                    filters[name] = value[:100]
        return {"filters": filters, "label": label, "path": request.path, "request": request}

    def title(self, obj: dict) -> str:
        suffix = f" ({obj['label']})" if obj["label"] else ""
        return f"Maillage — nouvelles ressources{suffix}"

    def link(self, obj: dict) -> str:
        """The listing that shows the same selection."""
        index = ResourceIndexPage.objects.live().public().order_by("path").first()
        base = (index.get_url(request=obj["request"]) if index else None) or "/ressources/"
        query = urlencode({k: v for k, v in obj["filters"].items() if v})
        return f"{base}?{query}" if query else base

    def feed_url(self, obj: dict) -> str:
        return obj["request"].get_full_path()

    def description(self, obj: dict) -> str:
        return (
            "Les dernières ressources publiées par le centre de ressources ESS des collectivités."
        )

    def items(self, obj: dict) -> list[ResourcePage]:
        qs = apply_filters(ResourcePage.objects.live().public(), **obj["filters"])
        qs = qs.order_by("-first_published_at", "-pk")
        return list(qs.specific()[:FEED_SIZE])

    def item_title(self, item: ResourcePage) -> str:
        return item.title

    def item_description(self, item: ResourcePage) -> str:
        return f"{item.type_label} · {date_fr(item.date)}. {item.summary}".strip()

    def item_link(self, item: ResourcePage) -> str:
        return item.get_url() or item.url_path

    def item_guid(self, item: ResourcePage) -> str:
        return self.request.build_absolute_uri(reverse("resources:permalink", args=[item.pk]))

    item_guid_is_permalink = True

    def item_pubdate(self, item: ResourcePage):
        return item.first_published_at

    def item_updateddate(self, item: ResourcePage):
        return item.last_published_at

    def item_categories(self, item: ResourcePage) -> list[str]:
        return [item.resource_type_label, *(t.name for t in item.themes.all())]

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)


def resource_feed(request: HttpRequest, **kwargs) -> HttpResponse:
    """A fresh feed object per request: the format and request are kept on it."""
    return ResourceFeed()(request, **kwargs)
