"""Redis or OpenSearch away while editors work: nothing is lost, the public search says it is degraded."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from resources.models import ExtractionStatus, ResourceDocument
from tasks.models import QueuedJob
from testing import factories
from tests.helpers.admin_forms import upload_through_admin
from tests.helpers.search_api import api
from tests.helpers.waiting import wait_for

pytestmark = [
    pytest.mark.fullstack,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_redis_down_keeps_tasks_in_the_database_and_replays_them(
    client, admin_user, corpus_dir, search_backend, task_worker, services
):
    client.force_login(admin_user)
    index = factories.site_tree()
    services.stop("redis")

    document = upload_through_admin(
        client, corpus_dir / "testPDF.pdf", "Boîte à outils pendant la panne"
    )
    page = factories.meeting(
        index, "Rencontre publiée pendant la panne du courtier", documents=[document]
    )

    # Upload and publication succeeded; the work that could not be queued is recorded.
    assert page.live
    assert client.get(page.url).status_code == 200
    assert (
        ResourceDocument.objects.get(pk=document.pk).extraction_status == ExtractionStatus.PENDING
    )
    kept = set(QueuedJob.objects.values_list("task_name", flat=True))
    assert {"tasks.extract_document", "tasks.index_page"} <= kept

    services.start("redis")
    call_command("dispatch_queued_jobs")
    assert QueuedJob.objects.count() == 0
    wait_for(
        lambda: (
            ResourceDocument.objects.get(pk=document.pk).extraction_status == ExtractionStatus.DONE
        ),
        message="the replayed extraction",
    )
    wait_for(
        lambda: api(client, '"Apache Lucene PMC"')["count"] == 1,
        message="the document in the index",
    )
    wait_for(lambda: api(client, "courtier")["count"] == 1, message="the page in the index")


def test_opensearch_down_publishing_works_search_degrades_then_catches_up(
    client, admin_user, corpus_dir, search_backend, task_worker, services
):
    client.force_login(admin_user)
    index = factories.site_tree()
    services.stop("opensearch")

    document = upload_through_admin(
        client, corpus_dir / "testPDF.pdf", "Guide déposé pendant la panne"
    )
    page = factories.meeting(
        index, "Rencontre sur la mutualisation des véhicules", documents=[document]
    )
    assert page.live
    # Extraction does not need the search engine.
    wait_for(
        lambda: (
            ResourceDocument.objects.get(pk=document.pk).extraction_status == ExtractionStatus.DONE
        ),
        message="extraction while OpenSearch is down",
    )

    degraded = api(client, "mutualisation véhicules")
    assert degraded["degraded"] is True
    assert "momentanément indisponible" in degraded["message"]
    assert [r["title"] for r in degraded["results"]] == [page.title]
    html = client.get("/recherche/", {"q": "mutualisation"})
    assert html.status_code == 200
    assert "momentanément indisponible" in html.content.decode()

    services.start("opensearch")
    # The index tasks were retried with backoff and land once OpenSearch is back.
    wait_for(
        lambda: api(client, '"Apache Lucene PMC"')["count"] == 1,
        timeout=150,
        message="the document indexed after OpenSearch returned",
    )
    recovered = wait_for(
        lambda: (r := api(client, "mutualisation véhicules"))["count"] == 1 and r,
        timeout=150,
        message="the page indexed after OpenSearch returned",
    )
    assert "degraded" not in recovered
    assert [r["title"] for r in recovered["results"]] == [page.title]
