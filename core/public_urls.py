"""Absolute addresses for what leaves the site (e-mails, calendar files): built on the default site's address
(Paramètres → Sites, set by `manage.py set_site_address`)."""

from __future__ import annotations

from wagtail.models import Site


def site_root() -> str:
    """The public address of the site, without a final slash."""
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url.rstrip("/") if site else "http://localhost"


def absolute(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else f"{site_root()}{path}"
