"""Content-Security-Policy of every response (django-csp), from CONTENT_SECURITY_POLICY in the settings.

Two additions are made per request rather than in the settings, so that they follow the current values:
- the map's tile host (MAILLAGE_MAP_TILES_URL) in img-src, when a tile layer is configured;
- for the Wagtail admin (and the page previews it frames), inline scripts and styles: Wagtail 8's admin is
  not yet compatible with a strict policy.
Responses that already carry a policy keep it (Wagtail's document view sends "default-src 'none'").
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

ADMIN_PREFIX = "/admin/"
ADMIN_ADDITIONS = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
    "font-src": ["data:"],
}


def tiles_source(template: str) -> str | None:
    """The CSP source of a Leaflet tile URL template: https://data.geopf.fr for the IGN one; a `{s}`
    subdomain placeholder becomes a wildcard (https://*.tile.example.org)."""
    parts = urlsplit(template)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = re.sub(r"^\{[^}]*\}\.", "*.", parts.netloc)
    if "{" in host or "}" in host:
        return None
    return f"{parts.scheme}://{host}"


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        additions: dict[str, list[str]] = {}
        if request.path_info.startswith(ADMIN_PREFIX):
            additions.update({name: list(sources) for name, sources in ADMIN_ADDITIONS.items()})
        tiles = tiles_source(getattr(settings, "MAILLAGE_MAP_TILES_URL", ""))
        if tiles:
            additions.setdefault("img-src", []).append(tiles)
        if additions:
            update = dict(parts.update or {})
            for name, sources in additions.items():
                update[name] = [*update.get(name, []), *sources]
            parts.update = update
        return parts
