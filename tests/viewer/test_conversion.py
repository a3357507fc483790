"""Office documents converted to PDF with LibreOffice after extraction (issue 13): « Diapositive 2 » opens the viewer
at slide 2; the derived PDF and its thumbnails are exactly as visible as the document; without LibreOffice the
document downloads and its page says why."""

from __future__ import annotations

import shutil

import pypdfium2 as pdfium
import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from resources import conversion, derived
from resources.document_urls import document_page_url, viewer_url
from resources.models import ResourceDocument
from testing import factories
from tests.helpers.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _converted(document: ResourceDocument, log) -> ResourceDocument:
    def ready():
        fresh = ResourceDocument.objects.get(pk=document.pk)
        return fresh if derived.derived_pdf(fresh) else None

    return wait_for(ready, timeout=120, message="the PDF converted by LibreOffice", log=log)


@pytest.fixture
def deck(corpus_dir, search_backend, task_worker):
    # No media_root: in full mode the worker (another process) converts into the same media folder. The index is
    # emptied (search_backend) before the worker indexes the deck: emptied while the worker created it, the alias
    # could end on two indices, with no write index.
    document = factories.document(corpus_dir / "testPPT.pptx", title="Présentation du réseau")
    yield document, task_worker
    derived.delete_derived(document.pk)
    shutil.rmtree(
        derived.folder(document.pk).parent.parent / "thumbnails" / str(document.pk),
        ignore_errors=True,
    )


def test_deck_opens_at_slide_2_in_the_viewer(deck):
    document, log = deck
    factories.meeting(factories.site_tree(), "Rencontre du réseau", documents=[document])
    document = _converted(document, log)
    pdf = pdfium.PdfDocument(str(derived.derived_pdf(document)))
    assert len(pdf) == 3  # one PDF page per slide
    pdf.close()
    client = Client()
    page_url = document_page_url(document.pk, document.title)
    html = client.get(page_url).content.decode()
    assert (
        f'data-file="{page_url}document.pdf"' in html and f'href="{document.url}" download' in html
    )
    response = client.get(f"{page_url}document.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(f"/apercu/document/{document.pk}/2.png").status_code == 200
    viewer = client.get(viewer_url(document.pk, document.title, 2, "Nistala")).content.decode()
    assert "Diapositive <input" in viewer and 'data-page="2"' in viewer

    def slide_hit():
        data = client.get("/api/search/", {"q": "Nistala"}).json()
        return next((r for r in data["results"] if r["kind"] == "document"), None)

    hit = wait_for(slide_hit, timeout=60, message="the deck indexed", log=log)
    assert hit["viewer_url"] == viewer_url(document.pk, document.title, 2, "Nistala")
    assert [h["viewer_url"] for h in hit["highlights"] if h["page"] == 2] == [hit["viewer_url"]]
    html = client.get("/recherche/", {"q": "Nistala"}).content.decode()
    assert "Diapositive 2</a>" in html and f'src="/apercu/document/{document.pk}/2.png"' in html


def test_derived_pdf_of_a_private_deck_refused_to_visitors(deck):
    document, log = deck
    page = factories.meeting(factories.site_tree(), "Réunion du bureau", documents=[document])
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    document = _converted(document, log)
    page_url = document_page_url(document.pk, document.title)
    client = Client()
    for url in (
        page_url,
        f"{page_url}lecture/?page=2",
        f"{page_url}document.pdf",
        document.url,
        f"/apercu/document/{document.pk}/2.png",
    ):
        response = client.get(
            url
        )  # a 404, or the login page of the restricted page (never the file)
        assert response.status_code == 404 or (
            response.status_code == 302 and response["Location"].startswith("/_util/login/")
        ), url


def test_without_libreoffice_the_deck_downloads_and_the_page_says_why(
    db, media_root, corpus_dir, monkeypatch
):
    monkeypatch.setattr(
        conversion, "soffice_path", lambda: None
    )  # a bare machine without LibreOffice
    document = factories.document(corpus_dir / "testPPT.pptx", title="Diaporama")
    assert conversion.convert_document(document.pk) is None
    page_url = document_page_url(document.pk, document.title)
    html = Client().get(page_url).content.decode()
    assert (
        "(LibreOffice) n&#x27;est pas installée sur ce serveur" in html
        and "data-pdf-viewer" not in html
    )
    assert f'href="{document.url}" download' in html
    response = Client().get(f"{page_url}lecture/?page=2")
    assert response.status_code == 302 and response["Location"] == page_url
    assert Client().get(f"{page_url}document.pdf").status_code == 404


@pytest.mark.parametrize(
    "name, slides",
    [
        ("LibreOfficeImpress_odp_1.3.odp", True),
        ("testPPT.ppt", True),
        ("testWORD.docx", False),
        ("testOpenOffice2.odt", False),
        ("Bug51890.doc", False),
    ],
)
def test_each_office_format_is_converted_and_opens_in_the_viewer(
    db, media_root, corpus_dir, name, slides
):
    """ODP, legacy PPT, DOCX, ODT and legacy DOC, beside the PPTX above: a derived PDF the viewer and the thumbnails
    show, as visible as the document."""
    from resources.document_extraction import extract_document

    document = factories.document(corpus_dir / name, title=f"Document {name}")
    assert extract_document(document.pk) == "done"  # what the worker does first, then it converts
    document.refresh_from_db()
    pdf_path = conversion.convert_document(document.pk)
    assert pdf_path is not None and pdf_path == derived.derived_pdf(document), name
    pdf = pdfium.PdfDocument(str(pdf_path))
    pages = len(pdf)
    pdf.close()
    assert pages == document.page_count if slides else pages >= 1  # one PDF page per slide
    page_url = document_page_url(document.pk, document.title)
    client = Client()
    html = client.get(page_url).content.decode()
    assert f'data-file="{page_url}document.pdf"' in html and 'data-role="no-viewer"' not in html
    viewer = client.get(f"{page_url}lecture/").content.decode()
    assert ("Diapositive <input" if slides else "Page <input") in viewer, name
    response = client.get(f"{page_url}document.pdf")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(f"/apercu/document/{document.pk}/1.png")["Content-Type"] == "image/png"
    assert conversion.convert_document(document.pk) == pdf_path  # kept: converted once
    document.delete()
    assert not derived.folder(document.pk).exists()  # the derived PDF goes with the document
