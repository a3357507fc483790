"""The walking skeleton end to end: upload → extract → publish → index → search, as users do it.

Full mode: PostgreSQL, a Celery worker process consuming from Redis, OpenSearch. Embedded mode: SQLite,
tasks in-process, the embedded index. Same assertions in both.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from resources.models import ExtractionStatus, ResourceDocument
from testing import factories
from tests.helpers.admin_forms import upload_through_admin
from tests.helpers.environment import MODE
from tests.helpers.search_api import api
from tests.helpers.waiting import wait_for


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_uploaded_pdf_and_its_page_are_found_with_page_numbers(
    client, admin_user, corpus_dir, search_backend, task_worker
):
    client.force_login(admin_user)
    index = factories.site_tree()
    document = upload_through_admin(
        client, corpus_dir / "tracemonkey.pdf", "Compilation à la volée (démo)"
    )
    # The upload returned before extraction; the worker (or the in-process task) then reads the text.
    wait_for(
        lambda: (
            ResourceDocument.objects.get(pk=document.pk).extraction_status == ExtractionStatus.DONE
        ),
        message="the PDF text to be extracted",
    )
    document.refresh_from_db()
    assert document.page_count == 14
    assert "nanojit" in document.texts.get(number=8).text

    page = factories.meeting(
        index,
        "Rencontre des jardins partagés de Quimperlé",
        documents=[document],
        summary="Une rencontre sur les potagers collectifs et la trufficulture solidaire.",
    )

    def attached_hit():
        results = api(client, '"nanojit runs the backward"')["results"]
        return results[0] if results and results[0].get("attached_to") else None

    # Publishing re-indexes the documents of the page: the hit then names the page it is attached to.
    hit = wait_for(attached_hit, message="the document to be searchable with its page")
    assert hit["kind"] == "document"
    assert hit["filename"] == document.filename and document.filename.startswith("tracemonkey")
    assert hit["title"] == "Compilation à la volée (démo)"
    assert [h["page"] for h in hit["highlights"]] == [8]
    assert "<mark>" in hit["highlights"][0]["text"]
    assert hit["highlights"][0]["url"].endswith(f"{document.url}#page=8")
    assert hit["attached_to"] == [{"title": page.title, "url": page.url}]

    # A single word that occurs on page 5 only.
    oracle = api(client, "oracle")
    assert oracle["results"][0]["highlights"][0]["page"] == 5

    # The meeting page through its own text, accent-insensitive and plural-insensitive.
    meeting = wait_for(
        lambda: api(client, "potager collectif quimperle")["count"] >= 1,
        message="the page to be searchable",
    ) and api(client, "potager collectif quimperle")
    assert [r["url"] for r in meeting["results"]] == [page.url]
    assert meeting["results"][0]["kind"] == "page"
    assert meeting["results"][0]["highlights"][0]["page"] is None

    # The HTML search page shows the passage and links to the site's viewer at the PDF page.
    html = client.get("/recherche/", {"q": "oracle"}).content.decode()
    assert f"/document/{document.pk}/" in html and "/lecture/?page=5&amp;q=oracle" in html
    assert "Page 5" in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_broken_pdf_fails_cleanly_and_the_page_still_publishes(
    client, admin_user, corpus_dir, search_backend, task_worker
):
    client.force_login(admin_user)
    index = factories.site_tree()
    broken = upload_through_admin(client, corpus_dir / "invalid.pdf", "PDF abîmé")
    locked = upload_through_admin(
        client, corpus_dir / "libreoffice-writer-password.pdf", "PDF protégé"
    )
    good = upload_through_admin(client, corpus_dir / "testPDF.pdf", "PDF sain")
    for doc in (broken, locked, good):
        wait_for(
            lambda d=doc: (
                ResourceDocument.objects.get(pk=d.pk).extraction_status
                in (ExtractionStatus.DONE, ExtractionStatus.FAILED)
            ),
            message=f"extraction of {doc.title}",
        )
    broken.refresh_from_db()
    locked.refresh_from_db()
    good.refresh_from_db()
    assert broken.extraction_status == ExtractionStatus.FAILED and broken.extraction_error
    assert locked.extraction_status == ExtractionStatus.FAILED
    assert "mot de passe" in locked.extraction_error
    # The worker survived both and read the next file.
    assert good.extraction_status == ExtractionStatus.DONE

    page = factories.meeting(
        index, "Rencontre avec pièces jointes défectueuses", documents=[broken, locked]
    )
    assert page.live
    assert client.get(page.url).status_code == 200
    wait_for(lambda: api(client, "défectueuses")["count"] == 1, message="the page to be indexed")
    # The admin lists the failure with its reason.
    listing = client.get(
        reverse("maillage_extraction_status"), {"statut": "failed"}
    ).content.decode()
    assert "PDF protégé" in listing and "mot de passe" in listing


def test_mode_is_what_the_run_asked_for(settings):
    expected = "opensearch" if MODE == "full" else "embedded"
    assert settings.MAILLAGE_SEARCH["BACKEND"] == expected
    assert settings.CELERY_TASK_ALWAYS_EAGER is (MODE != "full")
