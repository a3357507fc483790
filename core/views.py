"""The site's error handlers (`handler404` in config/urls.py)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from django.views.defaults import page_not_found


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The site's 404 handler: a person gets the site's page (404.html); a path an app answers in its own format
    (`MAILLAGE_NOT_FOUND_VIEWS`: the API's JSON under /api/, so that a partner's program calling a wrong URL such
    as /api/v2/pages/abc/ reads JSON like the API's own 404s) gets that app's answer."""
    for prefix, view in getattr(settings, "MAILLAGE_NOT_FOUND_VIEWS", {}).items():
        if request.path.startswith(prefix):
            return import_string(view)(request, exception)
    return page_not_found(request, exception)
