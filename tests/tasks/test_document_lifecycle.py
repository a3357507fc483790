"""A document's life after upload: replaced, retried, re-extracted in bulk, deleted — index kept in step."""

from __future__ import annotations

import hashlib
import io
import shutil

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db.models import QuerySet
from django.urls import reverse

from resources.document_extraction import claim
from resources.models import ExtractionStatus, ResourceDocument
from testing import factories
from tests.helpers.search_api import api
from tests.helpers.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def status(document) -> str:
    return ResourceDocument.objects.get(pk=document.pk).extraction_status


def settled(document) -> bool:
    return status(document) in (ExtractionStatus.DONE, ExtractionStatus.FAILED)


def test_replacing_the_file_re_extracts_and_re_indexes(corpus_dir, search_backend, task_worker):
    document = factories.document(corpus_dir / "testPDF.pdf", title="Guide à remplacer")
    wait_for(lambda: api_count('"Apache Lucene PMC"') == 1, message="first version indexed")

    document = ResourceDocument.objects.get(pk=document.pk)
    document.file.save(
        "version-2.pdf", ContentFile((corpus_dir / "pdkids.pdf").read_bytes()), save=True
    )
    wait_for(lambda: api_count('"The Buried Moon"') == 1, message="second version indexed")
    assert api_count('"Apache Lucene PMC"') == 0
    document.refresh_from_db()
    assert document.page_count == 55


def test_the_same_bytes_uploaded_again_keep_their_text_other_bytes_are_extracted(
    admin_client, corpus_dir, search_backend, task_worker
):
    content = (corpus_dir / "testPDF.pdf").read_bytes()
    document = factories.document(content, title="Guide ré-envoyé", filename="guide.pdf")
    wait_for(lambda: status(document) == ExtractionStatus.DONE, message="first extraction")
    document = ResourceDocument.objects.get(pk=document.pk)
    assert document.extracted_hash == hashlib.sha1(content).hexdigest()
    first = document.extracted_at

    # An editor uploads the very same file again, under another name: its text stands, nothing is re-read.
    upload = io.BytesIO(content)
    upload.name = "guide-copie.pdf"
    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": document.title, "file": upload, "collection": document.collection_id},
    )
    assert response.status_code == 302
    document = ResourceDocument.objects.get(pk=document.pk)
    assert document.file.name != "documents/guide.pdf"
    assert (document.extraction_status, document.extracted_at) == (ExtractionStatus.DONE, first)

    # Other bytes are extracted again, whatever their name.
    other = (corpus_dir / "pdkids.pdf").read_bytes()
    document.file.save("guide.pdf", ContentFile(other), save=True)
    assert document.extraction_status == ExtractionStatus.PENDING  # its text is to be read again
    wait_for(
        lambda: (
            ResourceDocument.objects.get(pk=document.pk).extracted_hash
            == hashlib.sha1(other).hexdigest()
        ),
        message="new content extracted",
    )
    document.refresh_from_db()
    assert document.page_count == 55 and document.extracted_at > first


def test_deleting_a_document_removes_it_from_the_index(corpus_dir, search_backend, task_worker):
    document = factories.document(corpus_dir / "testPDF.pdf", title="Guide à supprimer")
    wait_for(lambda: api_count('"Apache Lucene PMC"') == 1, message="document indexed")
    ResourceDocument.objects.get(pk=document.pk).delete()
    wait_for(
        lambda: api_count('"Apache Lucene PMC"') == 0, message="document removed from the index"
    )


def test_failed_extraction_retried_from_the_admin(
    client, admin_user, corpus_dir, search_backend, task_worker
):
    document = factories.document(corpus_dir / "invalid.pdf", title="Fichier d'abord illisible")
    wait_for(lambda: settled(document), message="first extraction")
    assert status(document) == ExtractionStatus.FAILED
    # The cause is fixed on the server (e.g. the file restored from a backup): the editor retries.
    shutil.copyfile(
        corpus_dir / "testPDF.pdf", ResourceDocument.objects.get(pk=document.pk).file.path
    )
    client.force_login(admin_user)
    response = client.post(reverse("maillage_retry_extraction", args=[document.pk]))
    assert response.status_code == 302
    wait_for(lambda: status(document) == ExtractionStatus.DONE, message="retried extraction")
    wait_for(lambda: api_count('"Apache Lucene PMC"') == 1, message="document indexed after retry")


def test_reextract_failed_command(corpus_dir, search_backend, task_worker, capsys):
    document = factories.document(corpus_dir / "invalid.pdf", title="Autre fichier illisible")
    wait_for(lambda: settled(document), message="first extraction")
    shutil.copyfile(
        corpus_dir / "testPDF.pdf", ResourceDocument.objects.get(pk=document.pk).file.path
    )
    call_command("reextract", "--failed")
    assert status(document) == ExtractionStatus.DONE
    assert "1 extrait(s)" in capsys.readouterr().out


def test_a_document_is_never_extracted_by_two_jobs_at_once(corpus_dir, media_root):
    document = ResourceDocument(title="Verrou")
    document.file.save(
        "verrou.pdf", ContentFile((corpus_dir / "testPDF.pdf").read_bytes()), save=False
    )
    # A plain QuerySet (not ResourceDocument.objects, whose bulk_create announces the new rows): no job started.
    QuerySet(ResourceDocument).bulk_create([document])
    document = ResourceDocument.objects.get(title="Verrou")
    assert claim(document.pk, "job-a")
    assert not claim(document.pk, "job-b")  # another job is on it
    assert claim(document.pk, "job-a")  # the same job, redelivered after its worker died


def api_count(q: str) -> int:
    from django.test import Client

    return api(Client(), q)["count"]
