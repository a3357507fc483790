"""Choose the public search backend from settings.MAILLAGE_SEARCH."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from .base import SearchBackend, SearchRequest, SearchResponse, SearchUnavailable
from .embedded import EmbeddedBackend
from .opensearch import OpenSearchBackend

__all__ = ["SearchBackend", "SearchRequest", "SearchResponse", "SearchUnavailable", "get_backend"]


@lru_cache(maxsize=4)
def _backend(name: str, url: str, prefix: str, path: str, timeout: float) -> SearchBackend:
    if name == "opensearch":
        return OpenSearchBackend(url, prefix=prefix, timeout=timeout)
    return EmbeddedBackend(path)


def get_backend() -> SearchBackend:
    conf = settings.MAILLAGE_SEARCH
    return _backend(
        conf["BACKEND"],
        conf["OPENSEARCH_URL"],
        conf["INDEX_PREFIX"],
        str(conf["EMBEDDED_PATH"]),
        float(conf["TIMEOUT"]),
    )
