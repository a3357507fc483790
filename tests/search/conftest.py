"""Fixtures for the search tests: a backend holding the synthetic entries of tests/helpers/search_index.py."""

from __future__ import annotations

import pytest

from tests.helpers.search_index import CORPUS


@pytest.fixture
def synthetic_entries_public(monkeypatch):
    """Index entries made with `make_doc` have no database row, so the read-time check of the public set
    (`search.public_set.public_only`) would drop them all from /api/search/. For ranking tests on such entries,
    those without a row count as public; entries of real rows are still checked. The check itself is tested on
    real rows in tests/privacy/test_writes_without_signals.py."""
    from search import public_set

    real = public_set.public_ids

    def public_ids(among=None):
        if among is None:
            return real(None)
        among = set(among)
        by_kind = public_set._split(among)
        models = {
            "page": public_set.ResourcePage,
            "document": public_set.ResourceDocument,
            "actor": public_set.Organisation,
        }
        with_rows = {
            f"{kind}:{pk}"
            for kind, pks in by_kind.items()
            if kind in models
            for pk in models[kind].objects.filter(pk__in=pks).values_list("pk", flat=True)
        }
        return real(with_rows) | (among - with_rows)

    monkeypatch.setattr(public_set, "public_ids", public_ids)


@pytest.fixture(autouse=True)
def _fresh_label_cache():
    """Each test has its own database content: forget the territory and theme names of the previous one."""
    from search import labels

    labels.clear()
    yield
    labels.clear()


@pytest.fixture(autouse=True)
def _immediate_refresh():
    """Tests read right after writing: refresh at once instead of waiting for the next periodic refresh."""
    from search.backends import get_backend

    backend = get_backend()
    previous = getattr(backend, "refresh", None)
    if backend.name == "opensearch":
        backend.refresh = True
    yield
    if backend.name == "opensearch":
        backend.refresh = previous


@pytest.fixture
def file_synonyms(db) -> None:
    """The synonym list as shipped (search/synonyms_fr.txt), also after a transactional test emptied the table."""
    from search.synonyms import seed_from_file

    seed_from_file()


@pytest.fixture
def corpus_index(search_backend, file_synonyms):
    search_backend.index_many([dict(d) for d in CORPUS])
    return search_backend
