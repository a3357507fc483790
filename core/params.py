"""Request parameters without control characters, at one place for every view.

A control character (NUL included) has no meaning in a search, a filter or an identifier, yet each one breaks
something deep down: PostgreSQL refuses NUL in a string, XML (the feeds, the sitemap) refuses most C0 characters.
`CleanParametersMiddleware` removes them from every GET parameter (names and values) before any view reads them;
`clean_querydict` does the same for a query string carried inside a form (the alerts' saved search). Tabs and line
breaks stay (a textarea's text), invalid UTF-8 percent-escapes are already replacement characters (Django).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    return CONTROL.sub("", value)


def clean_querydict(params: QueryDict) -> QueryDict:
    """`params` without control characters (the same object when it has none)."""
    if not any(
        CONTROL.search(key) or any(CONTROL.search(v) for v in values)
        for key, values in params.lists()
    ):
        return params
    cleaned = QueryDict(mutable=True)
    for key, values in params.lists():
        cleaned.setlist(clean_text(key), [clean_text(v) for v in values])
    cleaned._mutable = False
    return cleaned


class CleanParametersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = clean_querydict(request.GET)
        return self.get_response(request)
