"""Campaign parameters (utm_*) of the links the site hands out: the newsletter block and the editor's « Partager »
panel (the page renders the same with them; redirects keep them, core/tracking.py)."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit


def with_campaign(url: str, campaign: str) -> str:
    """Adds utm_* parameters for the newsletter tool's statistics (the page renders the same with them)."""
    if not campaign:
        return url
    parts = urlsplit(url)
    query = urlencode({"utm_source": "maillage", "utm_medium": "email", "utm_campaign": campaign})
    return urlunsplit(parts._replace(query=f"{parts.query}&{query}" if parts.query else query))
