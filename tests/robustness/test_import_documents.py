"""`import_documents` on a batch holding a hostile file name: that file is reported, the others imported."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from resources.models import ResourceDocument


@pytest.mark.django_db
def test_bad_file_name_is_reported_and_the_others_imported(tmp_path, media_root, search_backend):
    batch = tmp_path / "lot"
    batch.mkdir()
    (batch / "a-bon.txt").write_text("Économie sociale et solidaire à Toulouse.", encoding="utf-8")
    (batch / "..\\..\\evil.pdf").write_bytes(b"%PDF-1.4 hostile")
    (batch / "z-bon.md").write_text("# Réemploi\n\nUne ressourcerie.", encoding="utf-8")
    out = StringIO()
    call_command("import_documents", str(batch), stdout=out)
    text = out.getvalue()
    assert ResourceDocument.objects.count() == 2
    assert "2 document(s) importé(s)" in text
    assert "..\\..\\evil.pdf" in text and "non importé" in text
