"""The public search index follows the directory: actors are indexed on save, removed on delete
(search/signal_handlers.py)."""

from __future__ import annotations

import pytest

from actors.models import Organisation
from search import signal_handlers


@pytest.fixture
def enqueued(monkeypatch):
    calls = []
    monkeypatch.setattr(
        signal_handlers, "enqueue", lambda task, *args: calls.append((task.name, *args))
    )
    return calls


def test_save_m2m_and_delete_enqueue_index_tasks(db, enqueued):
    from taxonomy.models import Theme

    org = Organisation.objects.create(name="Le Co-Mains")
    assert enqueued == [("tasks.index_object", "actor", org.pk)]
    org.themes.add(Theme.objects.create(name="Coopération"))
    assert enqueued[-1] == ("tasks.index_object", "actor", org.pk)
    pk = org.pk
    org.delete()
    assert enqueued[-1] == ("tasks.unindex", [f"actor:{pk}"])


def test_bulk_import_indexes_what_changed(occitanie, enqueued):
    import io

    from actors.importer import import_actors

    import_actors(io.BytesIO(b"nom;code_insee\nA;31555\nB;31446\n"))
    pks = set(Organisation.objects.values_list("pk", flat=True))
    indexed = {args[2] for args in enqueued if args[0] == "tasks.index_object"}
    indexed |= {pk for args in enqueued if args[0] == "tasks.index_objects" for pk in args[2]}
    assert indexed == pks
    enqueued.clear()
    import_actors(io.BytesIO(b"nom;code_insee\nA;31555\nB;31446\n"))  # nothing changed
    assert enqueued == []
    import_actors(io.BytesIO(b"nom;code_insee\nA;31555\n"), dry_run=True)
    assert enqueued == []


def test_actor_document_carries_every_level_above_its_commune(occitanie, enqueued):
    from search.index_entries import build
    from taxonomy.models import Territory

    commune = Territory.objects.get(level="commune", code="31446")
    org = Organisation.objects.create(name="Les Tabliers Solidaires", commune=commune)
    doc = build("actor", org.pk)
    assert doc["kind"] == "actor" and doc["url"] == "/acteurs/les-tabliers-solidaires/"
    assert set(doc["territories"]) >= {
        "region-76",
        "department-31",
        "epci-243100633",
        "commune-31446",
    }
