"""Uploads admitted by content and size; text from documents and titles escaped wherever it is shown."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from resources.models import ResourceDocument
from testing import factories
from tests.helpers.search_api import api


def post_upload(client, name: str, content: bytes, title: str = "Essai"):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(
        reverse("wagtaildocs:add"), {"title": title, "file": upload, "collection": 1}
    )


@pytest.mark.django_db
def test_upload_refuses_content_that_does_not_match_a_document(admin_client, media_root):
    cases = {
        "rapport.pdf": b"<html><body>Erreur 404</body></html>" * 20,  # a web page saved as .pdf
        "vide.pdf": b"",
        "outil.docx": b"MZ\x90\x00" + bytes(2000),  # a Windows program renamed
    }
    for name, content in cases.items():
        response = post_upload(admin_client, name, content)
        assert response.status_code == 200, name  # the form comes back with the error
        errors = response.context["form"].errors["file"]
        assert errors and all(e for e in errors), name
    assert not ResourceDocument.objects.exists()


@pytest.mark.django_db
def test_upload_refuses_files_over_the_size_limit(admin_client, media_root, settings, corpus_dir):
    settings.MAILLAGE_EXTRACTION = {**settings.MAILLAGE_EXTRACTION, "MAX_BYTES": 10_000}
    response = post_upload(admin_client, "gros.pdf", (corpus_dir / "testPDF.pdf").read_bytes())
    assert response.status_code == 200
    assert "au-delà de la limite" in " ".join(response.context["form"].errors["file"])
    assert not ResourceDocument.objects.exists()


@pytest.mark.django_db
def test_upload_accepts_a_real_document_under_another_allowed_extension(
    admin_client, media_root, corpus_dir
):
    response = post_upload(
        admin_client, "compte-rendu.docx", (corpus_dir / "testPDF.pdf").read_bytes(), "PDF nu"
    )
    assert response.status_code == 302
    assert ResourceDocument.objects.get(title="PDF nu")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_script_in_a_document_and_a_title_is_escaped_everywhere(
    client, admin_user, search_backend, task_worker
):
    hostile = "<script>alert('xss')</script> Rapport sur la coopération <img src=x onerror=alert(1)>".encode()
    document = factories.document(
        hostile, title="<b>Titre</b><script>alert(2)</script>", filename="piege.txt"
    )
    index = factories.site_tree()
    page = factories.meeting(
        index,
        "Réunion <script>alert(3)</script> coopération",
        documents=[document],
        summary="<img src=x onerror=alert(4)> coopération",
    )
    from tests.helpers.waiting import wait_for

    wait_for(lambda: api(client, "coopération")["count"] >= 2, message="both hits indexed")
    payload = api(client, "coopération")
    for result in payload["results"]:
        for highlight in result["highlights"]:
            assert "<script" not in highlight["text"] and "<img" not in highlight["text"]
    html = client.get("/recherche/", {"q": "coopération"}).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    page_html = client.get(page.url).content.decode()
    assert "<script>alert" not in page_html and "<img src=x" not in page_html
