"""A document the site cannot read (a corrupt PDF, a PDF protected by a password): the editor sees it where
documents are uploaded and listed; visitors get no broken thumbnail and no viewer, only the download."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resources.document_extraction import extract_document
from resources.models import ResourceDocument
from testing import factories

pytestmark = pytest.mark.django_db
UNREADABLE = ("invalid.pdf", "libreoffice-writer-password.pdf")


def text(html: bytes | str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


@pytest.mark.parametrize("name", UNREADABLE)
def test_upload_screen_and_list_show_the_status(admin_client, media_root, corpus_dir, name):
    upload = SimpleUploadedFile(
        name, (corpus_dir / name).read_bytes(), content_type="application/pdf"
    )
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"), {"files[]": upload, "collection": 1}
    )
    form = BeautifulSoup(response.json()["form"], "html.parser")
    status = form.select_one("[data-extraction-status]")
    assert status is not None and "Extraction du texte" in status.get_text()
    document = ResourceDocument.objects.get()
    assert extract_document(document.pk) == "failed"

    listing = admin_client.get(reverse("wagtaildocs:index"))
    headers = [
        " ".join(th.get_text().split())
        for th in BeautifulSoup(listing.content, "html.parser").select("th")
    ]
    assert "Extraction du texte" in headers
    row = BeautifulSoup(listing.content, "html.parser").select_one("tbody tr")
    assert "Échec" in row.get_text() and (
        "mot de passe" in row.get_text() or "endommagé" in row.get_text()
    )
    results = admin_client.get(
        reverse("wagtaildocs:index_results")
    )  # the list's refresh (filters, sorting)
    assert "Échec" in text(results.content)


@pytest.mark.parametrize("name", UNREADABLE)
def test_visitors_get_no_thumbnail_and_no_viewer(client, media_root, corpus_dir, name):
    index = factories.site_tree()
    document = factories.document(
        (corpus_dir / name).read_bytes(), title="Programme illisible", filename=name
    )
    assert extract_document(document.pk) == "failed"
    page = factories.meeting(
        index, "Rencontre au Périscope", documents=[document], main_document=document, featured=True
    )

    home = client.get("/")
    assert home.status_code == 200
    thumbnail = reverse("resources:document_thumbnail", args=[document.pk, 1])
    assert thumbnail not in home.content.decode()
    assert client.get(thumbnail).status_code == 404

    resource = client.get(page.url)
    assert thumbnail not in resource.content.decode()
    document_page = client.get(document.get_absolute_url())
    html = document_page.content.decode()
    assert thumbnail not in html and "/lecture/" not in html
    assert "ne peut pas être affiché dans le site : il n'a pas pu être lu" in text(html)
    assert document.url in html  # the download stays
    viewer = client.get(f"{document.get_absolute_url()}lecture/")
    assert viewer.status_code == 302 and viewer["Location"] == document.get_absolute_url()
