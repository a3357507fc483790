"""An index built by an older analysis of French (before an upgrade) is noticed and rebuilt by
`rebuild_search_index --if-outdated`, which leaves an up-to-date index alone. Both backends."""

from __future__ import annotations

import sqlite3
from io import StringIO

import pytest
from django.core.management import call_command

from search.indexing import rebuild
from testing import factories
from tests.helpers.search_index import drop_index


def stamp(backend, fingerprint: str | None) -> None:
    """Mark the live index as built by another analysis (None: by a version that did not record it)."""
    if backend.name == "opensearch":
        backend.client.indices.put_mapping(
            index=backend.alias, body={"_meta": {"analysis": fingerprint or ""}}
        )
        return
    with sqlite3.connect(backend.path) as conn:
        if fingerprint is None:
            conn.execute("DELETE FROM meta WHERE key = 'analysis'")
        else:
            conn.execute("UPDATE meta SET value = ? WHERE key = 'analysis'", (fingerprint,))


def rebuild_if_outdated() -> str:
    out = StringIO()
    call_command("rebuild_search_index", "--if-outdated", stdout=out)
    return out.getvalue()


def test_an_index_of_another_analysis_is_rebuilt_and_a_current_one_kept(
    db, search_backend, media_root
):
    index = factories.site_tree()
    factories.meeting(index, "Fédération française", summary="Les ressourceries françaises.")
    factories.meeting(index, "Modèle coopératif", summary="Le mouvement coopératif français.")
    rebuild()
    count = search_backend.count()
    assert count >= 2
    assert not search_backend.analysis_outdated()
    assert "rien à reconstruire" in rebuild_if_outdated()

    for older in ("0123456789abcdef", None):
        stamp(search_backend, older)
        assert search_backend.analysis_outdated()
        assert "autre analyse" in rebuild_if_outdated()
        assert not search_backend.analysis_outdated()
        assert search_backend.count() == count

    drop_index(search_backend)  # no index at all (a fresh install, a lost volume)
    assert search_backend.analysis_outdated()
    assert "reconstruction" in rebuild_if_outdated()
    assert search_backend.count() == count and not search_backend.analysis_outdated()


@pytest.mark.embedded
def test_an_embedded_index_emptied_for_an_older_layout_is_rebuilt(db, search_backend, media_root):
    factories.meeting(
        factories.site_tree(), "Fédération française", summary="Les ressourceries françaises."
    )
    rebuild()
    count = search_backend.count()
    with sqlite3.connect(search_backend.path) as conn:
        conn.execute("UPDATE meta SET value = 'older' WHERE key = 'schema'")
    assert (
        search_backend.analysis_outdated()
    )  # an older layout (no spell_deletes) is rebuilt before any write
    search_backend.ensure_index()  # the next write finds the older layout and empties the index
    assert search_backend.count() == 0 and search_backend.analysis_outdated()
    assert "autre analyse" in rebuild_if_outdated()
    assert search_backend.count() == count and not search_backend.analysis_outdated()


def test_a_new_indexed_field_changes_the_fingerprint(monkeypatch):
    """A field added to the mapping (e.g. `keywords`) makes existing indexes outdated: --if-outdated rebuilds them."""
    from search.backends import os_mapping

    before = os_mapping.analysis_fingerprint()
    fields = os_mapping.properties()
    assert "keywords" in fields
    monkeypatch.setattr(os_mapping, "properties", lambda: {**fields, "another": {"type": "text"}})
    os_mapping.analysis_fingerprint.cache_clear()
    try:
        assert os_mapping.analysis_fingerprint() != before
    finally:
        monkeypatch.undo()
        os_mapping.analysis_fingerprint.cache_clear()
    assert os_mapping.analysis_fingerprint() == before
