"""The format table (extraction/formats.py) is the one list of formats: everything else derives from it."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from extraction import (
    ExtractedDocument,
    ExtractedPage,
    ExtractionError,
    admit,
    detect_format,
    extract_file,
    formats,
    zygote,
)
from extraction.base import MESSAGES
from resources import derived
from resources.document_forms import check_upload
from search.management.commands import import_documents

ACCEPTED = "un PDF, un document Word ou OpenDocument, une présentation PowerPoint ou Impress, ou un fichier texte"


def test_the_upload_allow_list_and_the_import_filter_come_from_the_table(settings) -> None:
    extensions = formats.upload_extensions()
    assert sorted(extensions) == ["doc", "docx", "md", "odp", "odt", "pdf", "ppt", "pptx", "txt"]
    assert settings.WAGTAILDOCS_EXTENSIONS == extensions
    assert import_documents.ALLOWED == {f".{ext}" for ext in extensions}
    assert derived.CONVERTIBLE == {"docx", "odt", "doc", "pptx", "odp", "ppt"}


def test_messages_name_the_accepted_formats(tmp_path: Path) -> None:
    assert formats.accepted_formats() == ACCEPTED
    assert MESSAGES["unsupported"] == f"Format non pris en charge : déposez {ACCEPTED}."
    path = tmp_path / "budget.bin"
    path.write_bytes(b"{\\rtf1 budget}")
    with pytest.raises(ExtractionError) as info:
        detect_format(path)
    assert (
        info.value.message
        == f"Format non pris en charge : le fichier contient un document RTF. Déposez {ACCEPTED}."
    )


def test_every_extractor_resolves_and_is_preloaded_by_the_zygote() -> None:
    for fmt in formats.SUPPORTED:
        module, _, function = fmt.extractor.partition(":")
        assert callable(getattr(importlib.import_module(module), function)), fmt.name
        assert fmt.module in zygote.PRELOAD and set(fmt.preload) <= set(zygote.PRELOAD), fmt.name
        assert fmt.unit in formats.UNIT_LABELS, fmt.name
    assert [f.name for f in formats.ALL if f.office] == ["doc", "ppt"]


def extract_xyz(path, fmt: str, *, max_pages: int) -> ExtractedDocument:
    """The extractor of the made-up format below."""
    text = Path(path).read_text(encoding="ascii").removeprefix("XYZ1").strip()
    return ExtractedDocument(format=fmt, unit="?", pages=[ExtractedPage(1, text)])


def test_a_new_format_needs_a_row_and_its_extractor_only(tmp_path: Path, monkeypatch) -> None:
    row = formats.Format(
        "xyz",
        "un tableau XYZ",
        formats.Sniff(magic=(b"XYZ1",)),
        extensions=("xyz",),
        unit="slide",
        accepted_as="un tableau XYZ",
        extractor=f"{__name__}:extract_xyz",
    )
    table = (*formats.ALL, row)
    monkeypatch.setattr(formats, "ALL", table)
    monkeypatch.setattr(formats, "BY_NAME", {f.name: f for f in table})
    monkeypatch.setattr(formats, "SUPPORTED", tuple(f for f in table if f.supported))

    path = tmp_path / "tableau.xyz"
    path.write_bytes(b"XYZ1 Chiffres cles 2024")
    doc = extract_file(path, ocr=False)
    assert (doc.format, doc.unit, doc.text) == (
        "xyz",
        "slide",
        "Chiffres cles 2024",
    )  # the unit is the table's
    assert "xyz" in formats.upload_extensions()
    assert formats.accepted_formats().endswith(", un fichier texte, ou un tableau XYZ")
    # Plain text under its extension is refused as mislabelled, as for any binary format.
    text = tmp_path / "erreur.xyz"
    text.write_text("<p>Erreur 404</p>\n" * 20, encoding="ascii")
    with pytest.raises(ExtractionError) as info:
        admit(text)
    assert info.value.code == "mislabelled"


def test_one_size_check_for_the_upload_and_the_extraction(settings, tmp_path: Path) -> None:
    settings.MAILLAGE_EXTRACTION = {**settings.MAILLAGE_EXTRACTION, "MAX_BYTES": 10_000}
    content = b"%PDF-1.4\n" + b"0" * 20_000
    path = tmp_path / "gros.pdf"
    path.write_bytes(content)
    with pytest.raises(ExtractionError) as extraction:
        extract_file(path, max_bytes=10_000)
    with pytest.raises(forms.ValidationError) as upload:
        check_upload(SimpleUploadedFile("gros.pdf", content))
    assert extraction.value.code == "too_large"
    assert upload.value.messages == [extraction.value.message]
    assert "au-delà de la limite de 10 Ko" in extraction.value.message


def test_the_broker_waits_for_the_longest_extraction(settings) -> None:
    timeout = settings.MAILLAGE_EXTRACTION["TIMEOUT"]
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] == timeout + 120
