"""The API's description (/api/openapi.json and the readable /api/) and the embeddable widget (/api/widget/)."""

from __future__ import annotations

from csp.decorators import csp_replace
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from actors.sirene.portrait import portrait as territory_portrait
from api.errors import NOT_FOUND
from api.openapi import openapi_spec
from resources.listing import SLUG, apply_filters
from resources.models import ResourcePage
from taxonomy.models import Territory, Theme

WIDGET_MAX = 20


def not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    """The API's 404 in JSON, for any path under /api/ that nothing answers (the site's handler calls it:
    `MAILLAGE_NOT_FOUND_VIEWS`)."""
    return JsonResponse(
        {"message": NOT_FOUND}, status=404, json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def portrait(request: HttpRequest, key: str) -> JsonResponse:
    """The ESS portrait of a territory from the register (actors/sirene/portrait.py), with its parent's figures."""
    place = Territory.from_key(key)
    if place is None:
        return JsonResponse(
            {
                "message": "Territoire inconnu (clés : region-76, department-31, epci-243100633, "
                "commune-31446)."
            },
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    return JsonResponse(territory_portrait(place), json_dumps_params={"ensure_ascii": False})


@require_GET
def openapi_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        openapi_spec(request.build_absolute_uri("/").rstrip("/")),
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    """A readable page of the same description, in French, with the widget's code to paste."""
    spec = openapi_spec(request.build_absolute_uri("/").rstrip("/"))
    operations = [
        {"path": path, "method": method.upper(), **operation}
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    ]
    widget_url = request.build_absolute_uri(reverse("api:widget"))
    return TemplateResponse(
        request,
        "api/docs.html",
        {
            "spec": spec,
            "operations": operations,
            "widget_url": widget_url,
            "themes": Theme.objects.order_by("name")[:50],
        },
    )


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(value or default)))
    except (TypeError, ValueError):
        return default


@require_GET
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})  # any site may frame the widget, and only the widget
def widget(request: HttpRequest) -> HttpResponse:
    """/api/widget/?theme=…&territoire=…&nombre=5: the latest public resources, for an iframe on a partner site."""
    theme_slug = request.GET.get("theme", "")[:100]
    territory_key = request.GET.get("territoire", "")[:40]
    theme = (
        Theme.objects.filter(slug=theme_slug).first()
        if theme_slug and SLUG.fullmatch(theme_slug)
        else None
    )
    territory = Territory.from_key(territory_key) if territory_key else None
    problems = []
    if theme_slug and theme is None:
        problems.append(f"Thème inconnu : « {theme_slug} ».")
    if territory_key and territory is None:
        problems.append(f"Territoire inconnu : « {territory_key} ».")
    pages = []
    if not problems:
        qs = apply_filters(
            ResourcePage.objects.live().public(),
            theme=theme.slug if theme else "",
            territoire=territory.key if territory else "",
        )
        pages = list(
            qs.order_by("-date", "-pk").specific()[
                : _int(request.GET.get("nombre"), 5, 1, WIDGET_MAX)
            ]
        )
    return TemplateResponse(
        request,
        "api/widget.html",
        {
            "pages": pages,
            "theme": theme,
            "territory": territory,
            "problems": problems,
        },
        status=400 if problems else 200,
    )
