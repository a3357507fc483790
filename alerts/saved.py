"""A saved search: the query text and facet filters of a search URL, normalised, described in French."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict

from core.params import clean_querydict
from search.facet_spec import BY_NAME
from search.facets import FACET_TO_PARAM, parse_filters
from search.query import parse, parse_syntax

MAX_QUERY = 1000
# In an e-mail the search is named by its words only, and briefly: the form may be filled in by anyone for any
# address, so nothing else a stranger typed (punctuation, sentences, links) reaches a mailbox.
MAIL_WORDS = 8
MAIL_CHARS = 80


@dataclass(frozen=True)
class SavedSearch:
    query: str
    filters: dict[str, list[str]]

    @classmethod
    def from_params(cls, params: QueryDict) -> SavedSearch:
        """From search URL parameters (q, type, theme, territoire, annee); malformed filters are dropped."""
        query = " ".join(params.get("q", "").split())[:MAX_QUERY]
        filters = {facet: sorted(values) for facet, values in sorted(parse_filters(params).items())}
        return cls(query=query, filters=filters)

    @classmethod
    def from_query_string(cls, query_string: str) -> SavedSearch:
        return cls.from_params(clean_querydict(QueryDict(query_string[:4000])))

    @property
    def is_empty(self) -> bool:
        return parse(self.query).is_empty and not self.filters

    @property
    def key(self) -> str:
        payload = json.dumps(
            {"q": self.query, "f": self.filters}, sort_keys=True, ensure_ascii=False
        )
        return hashlib.sha256(payload.encode()).hexdigest()

    def params(self) -> list[tuple[str, str]]:
        out = [("q", self.query)] if self.query else []
        for facet, values in self.filters.items():
            out += [(FACET_TO_PARAM.get(facet, facet), v) for v in values]
        return out

    def query_string(self) -> str:
        return urlencode(self.params())

    def search_path(self) -> str:
        qs = self.query_string()
        return f"/recherche/?{qs}" if qs else "/recherche/"

    def filter_labels(self) -> list[str]:
        """Each chosen value as the description reads it (`Facet.phrase`): « thème Alimentation », « Bretagne »."""
        out = []
        for name, values in self.filters.items():
            facet = BY_NAME[name]
            names = facet.labels()
            out += [facet.phrase.format(label=names.get(value, value)) for value in values]
        return out

    def mail_description(self) -> str:
        """The search as an e-mail names it: at most MAIL_WORDS of the words the parser keeps (MAIL_CHARS in all)
        and the labels of known facet values; a value with no label is left out."""
        parsed = parse_syntax(self.query)
        words, length = [], 0
        for item in [*parsed.items(), *parsed.excluded]:
            for word in item.text.split():
                if len(words) == MAIL_WORDS or length + len(word) > MAIL_CHARS:
                    break
                words.append(word)
                length += len(word) + 1
        shown = " ".join(words)
        if shown and len(words) < sum(
            len(item.text.split()) for item in [*parsed.items(), *parsed.excluded]
        ):
            shown += " …"
        labels = []
        for name, values in self.filters.items():
            facet = BY_NAME[name]
            names = facet.labels()
            labels += [
                facet.phrase.format(label=names[value]) for value in values if value in names
            ]
        parts = [f"« {shown} »"] if shown else []
        return " · ".join(parts + labels) or "toutes les ressources"

    def describe(self) -> str:
        """« tiers-lieu » · thème Alimentation · Bretagne"""
        parts = [f"« {self.query} »"] if self.query else []
        return " · ".join(parts + self.filter_labels()) or "toutes les ressources"
