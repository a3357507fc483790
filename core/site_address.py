"""The default Wagtail Site's public address: what absolute links (canonical, sitemap, newsletter) are built on."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from wagtail.models import Site

LOCAL_HOSTNAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_site_url(url: str) -> tuple[str, int]:
    """(hostname, port) for a site address such as `https://ressources.example.fr`; ValidationError otherwise."""
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError:
        raise ValidationError(f"Adresse invalide : « {url} ».") from None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValidationError(
            f"Adresse invalide : « {url} ». Donnez l'adresse complète du site, par exemple https://ressources.example.fr"
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValidationError(
            f"L'adresse du site ne doit contenir ni chemin ni paramètres : « {url} »."
        )
    if port is None:
        port = DEFAULT_PORTS[parts.scheme]
    # Wagtail builds https:// links for port 443 only, and http:// for every other port.
    if (parts.scheme == "https") != (port == 443):
        raise ValidationError(
            "Une adresse en https doit utiliser le port 443, et une adresse en http un autre port que 443."
        )
    return parts.hostname, port


def set_default_site_address(url: str) -> Site:
    """Points the default Site at `url`; idempotent. Raises ValidationError for a malformed address."""
    hostname, port = parse_site_url(url)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise ValidationError(
            "Aucun site par défaut : lancez d'abord `manage.py load_demo` ou créez le site."
        )
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save()
    return site


def is_local(site: Site) -> bool:
    return site.hostname.lower() in LOCAL_HOSTNAMES
