"""The document upload form: files are admitted by what they contain, not by their extension."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm

from extraction import ExtractionError, admit, check_size

# Content that the upload refuses outright; other extraction problems (encrypted, corrupt) are accepted
# and reported on the document's extraction status, so the editor still keeps the file.
REFUSED = {"too_large", "empty_file", "unsupported", "mislabelled"}


def check_upload(uploaded: UploadedFile) -> None:
    """Raise a ValidationError in French if `uploaded` is too large (the extraction's own size check and limit)
    or not a document we can handle (the formats of extraction/formats.py, judged by content)."""
    try:
        check_size(uploaded.size, settings.MAILLAGE_EXTRACTION["MAX_BYTES"])
        if hasattr(uploaded, "temporary_file_path"):
            admit(uploaded.temporary_file_path(), name=uploaded.name)
        else:
            suffix = Path(uploaded.name or "").suffix[:10]
            with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
                for chunk in uploaded.chunks():
                    tmp.write(chunk)
                tmp.flush()
                admit(tmp.name, name=uploaded.name)
    except ExtractionError as exc:
        if exc.code in REFUSED:
            raise forms.ValidationError(exc.message)
    finally:
        uploaded.seek(0)


# Who sees a document (resources/visibility.py), said where the editor chooses its collection.
VISIBILITY_HELP = (
    "Qui voit ce document : si sa collection est restreinte (mot de passe, connexion, groupes), seules les "
    "personnes qu'elle admet. Sinon, il est aussi visible que les pages qui l'utilisent (jointes ou liées dans "
    "leur texte, pages d'information comprises) : public si l'une d'elles est publiée et publique ; réservé aux "
    "lecteurs d'une page protégée s'il n'est utilisé que par des pages protégées ; invisible s'il n'est utilisé "
    "que par des brouillons ou des pages dépubliées, y compris le brouillon d'une page publiée, jusqu'à ce qu'elle "
    "soit publiée avec lui. Un document qu'aucune page n'utilise est public dans une collection publique."
)


class ResourceDocumentForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "collection" in self.fields:
            self.fields["collection"].help_text = VISIBILITY_HELP

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and uploaded is not self.original_file and hasattr(uploaded, "chunks"):
            check_upload(uploaded)
        return uploaded
