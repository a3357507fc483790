"""A document whose title is only its file name takes the title the file carries (PDF Info or XMP, Office
core.xml, ODF meta.xml) once its text is extracted, whichever way it was uploaded (single, multiple, chooser,
`import_documents`); placeholders (« Untitled », « Microsoft Word - doc1.docx ») and a title the editor typed
are left alone."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from extraction.common import meaningful_title
from extraction.pdf import xmp_title
from home.demo.documents import make_pdf
from resources.document_extraction import extract_document
from resources.models import ResourceDocument

TITLE = "Compte rendu du club des achats responsables"
NAME = "compte-rendu-club-achats-responsables-2026"
pytestmark = pytest.mark.django_db


def pdf_bytes(title: str = TITLE) -> bytes:
    return make_pdf(title, [["Achats responsables et clauses sociales dans la commande publique."]])


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def extracted(document_id: int) -> ResourceDocument:
    document = ResourceDocument.objects.get(pk=document_id)
    if document.extraction_status in ("pending", "running"):
        extract_document(document_id)
    return ResourceDocument.objects.get(pk=document_id)


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("Microsoft Word - doc1.docx", ""),
        ("Untitled", ""),
        ("", ""),
        ("Présentation PowerPoint", ""),
        ("Slide 1", ""),
        ("Presentation1", ""),
        ("rapport-final.pdf", ""),
        ("2023", ""),
        ("Stratégie ESS 2024-2028", "Stratégie ESS 2024-2028"),
        (TITLE, TITLE),
    ],
)
def test_placeholders_are_no_title(title, kept):
    assert meaningful_title(title) == kept


def test_xmp_title_is_read_when_the_info_dictionary_has_none(tmp_path):
    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description><dc:title><rdf:Alt>'
        '<rdf:li xml:lang="x-default">Stratégie ESS &amp; territoires</rdf:li></rdf:Alt></dc:title>'
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    path = tmp_path / "xmp.pdf"
    path.write_bytes(pdf_bytes("") + b"\n%" + xmp.encode() + b"\n")
    assert xmp_title(path) == "Stratégie ESS & territoires"


def test_single_upload_takes_the_pdf_title(admin_client, media_root):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": NAME,
            "file": upload(f"{NAME}.pdf", pdf_bytes()),
            "collection": 1,
        },
    )
    assert response.status_code == 302
    assert extracted(ResourceDocument.objects.get().pk).title == TITLE


def test_multiple_upload_takes_the_pdf_title(admin_client, media_root):
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": upload(f"{NAME}.pdf", pdf_bytes()),
            "collection": 1,
        },
    )
    assert response.status_code == 200, response.content[:300]
    assert extracted(ResourceDocument.objects.get().pk).title == TITLE


def test_chooser_upload_takes_the_pdf_title(admin_client, media_root):
    response = admin_client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": NAME.replace("-", " "),
            "document-chooser-upload-file": upload(f"{NAME}.pdf", pdf_bytes()),
            "document-chooser-upload-collection": 1,
        },
    )
    assert response.json()["step"] == "chosen"
    assert extracted(ResourceDocument.objects.get().pk).title == TITLE


def test_import_documents_takes_office_titles_and_leaves_placeholders(
    tmp_path, media_root, search_backend, corpus_dir
):
    batch = tmp_path / "lot"
    batch.mkdir()
    shutil.copy(
        corpus_dir / "testWORD.docx", batch / "fichier_word.docx"
    )  # core.xml: « Sample Word Document »
    shutil.copy(
        corpus_dir / "testOCR.pdf", batch / "scan.pdf"
    )  # Info: « Presentation1 », a placeholder
    call_command("import_documents", str(batch), stdout=StringIO())
    titles = {
        Path(d.file.name).stem.split("_")[0]: extracted(d.pk).title
        for d in ResourceDocument.objects.all()
    }
    assert titles == {"fichier": "Sample Word Document", "scan": "scan"}


def test_a_title_the_editor_typed_is_kept(admin_client, media_root):
    admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Club achats : le compte rendu",
            "file": upload(f"{NAME}.pdf", pdf_bytes()),
            "collection": 1,
        },
    )
    assert extracted(ResourceDocument.objects.get().pk).title == "Club achats : le compte rendu"
