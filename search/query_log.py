"""What the search statistics keep of a visitor's query, and how distinct visitors are counted without keeping anyone.

- A query is never stored verbatim when it may hold contact details: every digit becomes « # » (a phone number,
  a postcode, a date), an e-mail address « [adresse] », a web address « [lien] ». Editors see « appelez le
  ## ## ## ## ## », never the number.
- Distinct visitors of a query on a day are counted through a key in the rate-limit cache (Redis when configured,
  forgotten by the next day): a hash of a random salt of the day (kept in that cache only, never written to the
  database), the client address and the query. The database keeps only the count.
- `shareable`: what may be shown to other visitors (« Recherches fréquentes »): never a query with digits, an
  address or a link, even masked.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, time, timedelta

from django.core.cache import caches
from django.utils import timezone

EMAIL = re.compile(r"[^\s@]+@[^\s@]+")
LINK = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.)\S*|\S+\.(?:fr|com|org|net|eu|info|io|be|ch|gouv)(?:/\S*)?\b",
    re.I,
)
DIGIT = re.compile(r"\d")
MASKS = ("#", "[adresse]", "[lien]")


def masked(text: str) -> str:
    """`text` without what could reach a person: e-mail addresses, web addresses, digits."""
    text = EMAIL.sub("[adresse]", text)
    text = LINK.sub("[lien]", text)
    return DIGIT.sub("#", text)


def shareable(text: str) -> bool:
    """A query that may be shown to other visitors: no digit, no address, no link (masked or not)."""
    return masked(text) == text and not any(mask in text for mask in MASKS)


def _end_of_day_seconds() -> int:
    now = timezone.localtime()
    tomorrow = timezone.make_aware(datetime.combine(now.date() + timedelta(days=1), time.min))
    return max(60, int((tomorrow - now).total_seconds()) + 60)


def new_visitor(client: str, text: str) -> bool:
    """True the first time today that this client searches `text` (see the module docstring)."""
    if not client:
        return False
    cache = caches["ratelimit"]
    day = timezone.localdate().isoformat()
    salt = cache.get_or_set(f"search-visitor-salt:{day}", secrets.token_hex(16), timeout=2 * 86400)
    digest = hashlib.sha256(f"{salt}\0{client}\0{text}".encode()).hexdigest()[:24]
    return cache.add(f"search-visitor:{day}:{digest}", 1, timeout=_end_of_day_seconds())
