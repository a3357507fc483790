"""Writes that send no post_save still take content out of every public path (issue 22, item 1).

Wagtail's bulk action « Ajouter à la collection » moves documents with `QuerySet.update()`; raw ORM code,
`bulk_create()` and `loaddata` send no signal the index listens to either. Three layers keep the invariant
(search/public_set.py): `ResourceDocumentQuerySet.update()/bulk_create()` send `documents_written`; the read
paths drop hits the database no longer makes public and ask for their re-indexing; the periodic reconciliation
(`tasks.reconcile_index`, a periodic job of search/tasks.py) removes what is left and adds what is missing.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta

import pytest
from django.core import serializers
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, Page

from alerts.matching import new_matches
from alerts.saved import SavedSearch
from resources.models import ResourceDocument
from search.backends import get_backend
from search.indexing import reconcile
from testing import factories
from testing.pdfs import pdf
from tests.helpers.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
# No media_root fixture where tasks run: the Celery worker of full mode reads the files under the run's MEDIA_ROOT.
TIMEOUT = 60 if os.environ.get("MAILLAGE_TEST_MODE") == "full" else 5


def titles(q: str) -> set[str]:
    return {r["title"] for r in Client().get("/api/search/", {"q": q}).json()["results"]}


def seen_anywhere(document, word: str) -> dict[str, bool]:
    """Where an anonymous visitor (or an alert digest) still meets `document` when searching `word`, a word
    only its text holds."""
    now = timezone.now()
    digest = new_matches(
        SavedSearch(query=word, filters={}), now - timedelta(hours=1), now + timedelta(hours=1)
    )
    links = (f"/document/{document.pk}/", f"/documents/{document.pk}/")
    page = Client().get("/recherche/", {"q": word}).content.decode()
    feed = Client().get("/recherche/flux.atom", {"q": word}).content.decode()
    return {
        "api": f"document:{document.pk}"
        in {r["id"] for r in Client().get("/api/search/", {"q": word}).json()["results"]},
        "search page": any(link in page for link in links),
        "search feed": any(link in feed for link in links) or f"&lt;mark&gt;{word}" in feed,
        "digest": any(word in m.passage_html for m in digest),
    }


@pytest.fixture
def private_collection(db):
    collection = Collection.get_first_root_node().add_child(instance=Collection(name="Interne"))
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return collection


def attached_document(title: str, word: str):
    """A document with `word` in its text, attached to a live meeting page (published just now)."""
    document = factories.document(
        pdf(f"Le {word} des territoires solidaires."), title=title, filename=f"{word}.pdf"
    )
    page = factories.meeting(factories.site_tree(), f"Rencontre {title}", documents=[document])
    return document, page


def test_bulk_add_to_collection_takes_documents_out_of_every_public_path(
    private_collection, search_backend, task_worker, admin_user
):
    first, _ = attached_document("Dossier cormoran", "cormoranique")
    second, _ = attached_document("Dossier sarcelle", "vanneautique")
    wait_for(
        lambda: (
            all(seen_anywhere(first, "cormoranique").values())
            and "Dossier sarcelle" in titles("vanneautique")
        ),
        timeout=TIMEOUT,
        message="documents public",
    )

    client = Client()
    client.force_login(admin_user)
    response = client.post(
        f"/admin/bulk/resources/resourcedocument/add_to_collection/?next=/admin/documents/"
        f"&id={first.pk}&id={second.pk}",
        {"collection": private_collection.pk},
    )
    assert response.status_code == 302, response.content[:2000]
    assert set(
        ResourceDocument.objects.filter(collection=private_collection).values_list("pk", flat=True)
    ) == {first.pk, second.pk}

    # The index itself follows at once (not only the read paths), so nothing waits for the reconciliation.
    wait_for(
        lambda: not {f"document:{first.pk}", f"document:{second.pk}"} & get_backend().ids(),
        timeout=TIMEOUT,
        message="documents removed from the index after the bulk action",
    )
    assert not any(seen_anywhere(first, "cormoranique").values())
    assert "Dossier sarcelle" not in titles("vanneautique") | titles("sarcelle")


def test_queryset_update_of_documents_reindexes_them(
    private_collection, search_backend, task_worker
):
    document, _ = attached_document("Dossier pluvier", "pluvierique")
    wait_for(
        lambda: "Dossier pluvier" in titles("pluvierique"),
        timeout=TIMEOUT,
        message="document indexed",
    )
    ResourceDocument.objects.filter(title__startswith="Dossier pluvier").update(
        collection=private_collection
    )
    wait_for(
        lambda: f"document:{document.pk}" not in get_backend().ids(),
        timeout=TIMEOUT,
        message="document unindexed after QuerySet.update()",
    )


def test_loaddata_of_a_document_moved_to_a_private_collection(
    private_collection, search_backend, task_worker, tmp_path
):
    document, _ = attached_document("Dossier bécasse", "becassique")
    wait_for(
        lambda: "Dossier bécasse" in titles("becassique"),
        timeout=TIMEOUT,
        message="document indexed",
    )
    rows = json.loads(serializers.serialize("json", [document]))
    rows[0]["fields"]["collection"] = private_collection.pk
    fixture = tmp_path / "documents.json"
    fixture.write_text(json.dumps(rows))
    call_command("loaddata", str(fixture), verbosity=0)
    assert ResourceDocument.objects.get(pk=document.pk).collection_id == private_collection.pk
    wait_for(
        lambda: f"document:{document.pk}" not in get_backend().ids(),
        timeout=TIMEOUT,
        message="document unindexed after loaddata",
    )


def test_raw_writes_are_hidden_at_read_time_then_reconciled(
    private_collection, search_backend, task_worker
):
    document, page = attached_document("Dossier grèbe", "grebeique")
    wait_for(
        lambda: (
            "Dossier grèbe" in titles("grebeique")
            and "Rencontre Dossier grèbe" in titles("Rencontre")
        ),
        timeout=TIMEOUT,
        message="page and document indexed",
    )
    backend = get_backend()
    # Raw writes Wagtail's models do not signal: a restriction created in bulk, a page taken offline by update().
    leaf = Collection.get_first_root_node().add_child(instance=Collection(name="Archives"))
    ResourceDocument.objects.filter(pk=document.pk).update(collection=leaf)
    wait_for(
        lambda: "Dossier grèbe" in titles("grebeique"),
        timeout=TIMEOUT,
        message="document re-indexed",
    )
    CollectionViewRestriction.objects.bulk_create(
        [CollectionViewRestriction(collection=leaf, restriction_type="login")]
    )
    Page.objects.filter(pk=page.pk).update(live=False)
    assert {f"page:{page.pk}", f"document:{document.pk}"} <= backend.ids()  # the drift is there

    # Read time: neither is shown, whatever the index still holds…
    assert "Dossier grèbe" not in titles("grebeique") and "Rencontre Dossier grèbe" not in titles(
        "Rencontre"
    )
    completed = {
        r["title"] for r in Client().get("/api/autocomplete/", {"q": "Rencontre"}).json()["results"]
    }
    assert "Rencontre Dossier grèbe" not in completed
    assert not any(seen_anywhere(document, "grebeique").values())
    # …and the read asked for their re-indexing, which removes them.
    wait_for(
        lambda: not {f"page:{page.pk}", f"document:{document.pk}"} & backend.ids(),
        timeout=TIMEOUT,
        message="stale entries removed after a read met them",
    )

    # The periodic reconciliation adds what a raw write made public (and removes what it hid, tested below).
    Page.objects.filter(pk=page.pk).update(live=True)
    assert f"page:{page.pk}" not in backend.ids()
    assert reconcile() == {"removed": 0, "added": 1}
    assert f"page:{page.pk}" in backend.ids()


def test_reconciliation_removes_what_no_read_met(search_backend, task_worker):
    page = factories.meeting(factories.site_tree(), "Rencontre macreuse")
    wait_for(
        lambda: f"page:{page.pk}" in get_backend().ids(), timeout=TIMEOUT, message="page indexed"
    )
    Page.objects.filter(pk=page.pk).update(live=False)
    assert f"page:{page.pk}" in get_backend().ids()
    assert reconcile() == {"removed": 1, "added": 0}
    assert f"page:{page.pk}" not in get_backend().ids()
    assert reconcile() == {"removed": 0, "added": 0}


def test_the_reconciliation_is_a_periodic_job():
    from config.celery import app
    from tasks.periodic import beat_schedule

    entry = beat_schedule()["reconcile-search-index"]
    assert entry["task"] in app.tasks and entry["schedule"] <= 600
