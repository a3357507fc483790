"""The document library: Wagtail documents plus their extraction status and text per page/slide."""

import re
import unicodedata
from datetime import date
from pathlib import PurePosixPath

from django.db import models
from django.db.models.functions import Cast
from django.dispatch import Signal
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.documents.models import AbstractDocument, Document, DocumentQuerySet
from wagtail.models import Page

from core import structured_data
from extraction.formats import UNIT_LABELS
from extraction.language import detect as detect_language
from resources.document_urls import document_page_url
from resources.visibility import page_references, restricted_collections


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Texte extrait"
    NO_TEXT = "no_text", "Texte non lu"  # read, but no text found (a scan without OCR)
    FAILED = "failed", "Échec"

    @classmethod
    def to_retry(cls) -> list[str]:
        """What `reextract --failed` picks up: failures and documents whose text could not be read."""
        return [cls.FAILED, cls.NO_TEXT]


# Sent with `pks` (and `created`) after `update()` wrote other fields than the extraction's bookkeeping, and after
# `bulk_create()`: writes that send no post_save (Wagtail's bulk action « Ajouter à la collection », raw ORM code).
# `resources/signals.py` extracts the new ones, `search/signal_handlers.py` re-indexes the others.
documents_written = Signal()

# Sent with `document_id` and `status` when a document's extraction finished (done, no text or failed: its text, title
# and status changed), by the job that ran it (resources/tasks.py); the search re-indexes the document and its pages.
text_extracted = Signal()

# Fields only the extraction writes, each time followed by its own re-indexing (`text_extracted`).
EXTRACTION_FIELDS = frozenset(
    {
        "extraction_status",
        "extraction_error",
        "extracted_at",
        "extraction_started_at",
        "extraction_job",
        "extracted_format",
        "extracted_unit",
        "page_count",
        "doc_title",
        "doc_author",
        "extracted_hash",
    }
)


LANGUAGE_SAMPLE_CHARS = 20_000  # of a document's text, read to tell its language


class ResourceDocumentQuerySet(DocumentQuerySet):
    def update(self, **kwargs) -> int:
        if set(kwargs) <= EXTRACTION_FIELDS:
            return super().update(**kwargs)
        pks = list(
            self.values_list("pk", flat=True)
        )  # before: the update may change what the filter selects
        count = super().update(**kwargs)
        if pks:
            documents_written.send(sender=self.model, pks=pks, created=False)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        pks = [obj.pk for obj in created if obj.pk is not None]
        if pks:
            documents_written.send(sender=self.model, pks=pks, created=True)
        return created

    def public(self) -> "ResourceDocumentQuerySet":
        """The documents anyone may open: the SQL form of the one rule, `resources.visibility.document_admits`,
        built from the same pieces. No view restriction on their collection or its ancestors, and, if pages of any
        type attach or link them, one of those pages is live and public; used only by a draft, it is not."""
        references = (
            page_references(self.model)
            .filter(to_object_id=Cast(models.OuterRef("pk"), models.CharField()))
            .annotate(page_id=Cast("object_id", models.IntegerField()))
            .filter(
                page_id__in=Page.objects.filter(depth__gt=1).values("pk")
            )  # as `other_pages_linking`
        )
        link_model = self.model._meta.get_field(
            "page_links"
        ).related_model  # ResourceDocumentLink, in base.py
        links = link_model.objects.filter(document=models.OuterRef("pk"))
        drafts = DraftDocumentUse.objects.filter(document=models.OuterRef("pk"))
        public_pages = Page.objects.live().public().filter(expired=False).values("pk")
        return self.exclude(collection__in=restricted_collections().values("pk")).filter(
            ~models.Exists(references) & ~models.Exists(links) & ~models.Exists(drafts)
            | models.Exists(references.filter(page_id__in=public_pages))
            | models.Exists(links.filter(page__in=public_pages))
        )


_STORAGE_SUFFIX = re.compile(r"_[A-Za-z0-9]{7}$")


def _name_key(text: str) -> str:
    """A name without case, accents, separators or punctuation: « Compte rendu_club » ≈ « compte-rendu-club »."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[^0-9a-z]+", "", folded)


class ResourceDocument(AbstractDocument):
    """A PDF, slide deck or text document; its text is extracted in the background after upload."""

    extraction_status = models.CharField(
        "extraction du texte",
        max_length=10,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
    )
    extraction_error = models.TextField("raison de l'échec ou du texte non lu", blank=True)
    extracted_at = models.DateTimeField("texte extrait le", null=True, blank=True)
    extraction_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    extraction_job = models.CharField(max_length=64, blank=True, editable=False)
    extracted_format = models.CharField("format détecté", max_length=10, blank=True)
    extracted_unit = models.CharField(max_length=10, blank=True, help_text="page, slide ou section")
    page_count = models.PositiveIntegerField("nombre de pages", null=True, blank=True)
    doc_title = models.CharField("titre interne", max_length=500, blank=True)
    doc_author = models.CharField("auteur", max_length=255, blank=True)
    # The content hash (SHA-1, as `file_hash`) of the file whose text was extracted in full (status done): a file
    # replaced by other bytes is extracted again, the same bytes uploaded again keep their text.
    extracted_hash = models.CharField(max_length=40, blank=True, editable=False)

    admin_form_fields = Document.admin_form_fields

    objects = ResourceDocumentQuerySet.as_manager()

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"

    @property
    def unit_label(self) -> str:
        return UNIT_LABELS.get(self.extracted_unit, "page")

    @property
    def extraction_summary(self) -> str:
        """The extraction status as an editor reads it: « Texte extrait — 12 pages », « Échec : raison »."""
        label = self.get_extraction_status_display()
        if self.extraction_status == ExtractionStatus.DONE and self.page_count is not None:
            unit = self.unit_label + ("s" if self.page_count > 1 else "")
            return f"{label} — {self.page_count:,} {unit}".replace(",", "\u00a0")
        if self.extraction_error:
            return f"{label} : {self.extraction_error}"
        return label

    @property
    def extraction_ok(self) -> bool:
        return self.extraction_status not in ExtractionStatus.to_retry()

    def file_content_changed(self) -> bool:
        """Before a save: whether this file's content is not the one whose text is on record, so that it must be
        extracted. True for a new document and for a file replaced by other bytes; False when only the fields
        changed, and when the same bytes were uploaded again after a full extraction (its text is kept)."""
        if self.pk is None:
            return True
        stored = type(self).objects.filter(pk=self.pk).values_list("file", "extracted_hash").first()
        if stored is None:
            return True
        name, extracted_hash = stored
        if name == self.file.name:
            return False
        self._set_file_hash()  # the new file's (a file saved through `file.save()` keeps its old file_hash)
        return not extracted_hash or self.file_hash != extracted_hash

    def title_is_file_name(self) -> bool:
        """Whether the title is only the file's name, as every upload path sets it by default (« compte-rendu-
        club-2026 » or « compte-rendu-club-2026.pdf » for compte-rendu-club-2026.pdf): the title the file carries
        may then replace it."""
        path = PurePosixPath(self.file.name or "")
        stems = {
            path.stem,
            _STORAGE_SUFFIX.sub("", path.stem),
        }  # the storage adds _AbCdEf1 to a name already taken
        names = stems | {
            stem + path.suffix for stem in stems
        }  # the multiple upload keeps the extension
        return bool(self.title) and _name_key(self.title) in {_name_key(name) for name in names}

    @cached_property
    def language(self) -> str | None:
        """The language its text is written in (extraction/language.py), None when too short to tell: read from
        the first LANGUAGE_SAMPLE_CHARS of its extracted text (prefetched `texts` used as they are)."""
        sample, size = [], 0
        for text in self.texts.all():
            sample.append(text.text)
            size += len(text.text)
            if size >= LANGUAGE_SAMPLE_CHARS:
                break
        return detect_language(" ".join(sample))

    def public_date(self, public_pages: list) -> date:
        """The document's date, the same in search and on its page: the newest public page attaching it gives it,
        else the day it was uploaded (in France)."""
        return max(
            (p.date for p in public_pages), default=timezone.localtime(self.created_at).date()
        )

    def get_absolute_url(self) -> str:
        """The document's own page (/document/<id>/<slug>/)."""
        return document_page_url(self.pk, self.title)

    def structured_data(self, request) -> dict:
        """This document as a schema.org DigitalDocument (JSON-LD of its page)."""
        return structured_data.digital_document(self, request, self.get_absolute_url())

    def is_viewable_by(self, request) -> bool:
        """What Wagtail's document view checks before serving the file: every collection restriction admits it."""
        return all(r.accept_request(request) for r in self.collection.get_view_restrictions())


class DocumentText(models.Model):
    """The text of one page (PDF), slide (deck) or section of a document."""

    document = models.ForeignKey(ResourceDocument, on_delete=models.CASCADE, related_name="texts")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    ocr = models.BooleanField(default=False)

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_document_page")
        ]

    def __str__(self) -> str:
        return f"{self.document} p.{self.number}"


class DraftDocumentUse(models.Model):
    """A document that the latest draft of a live page uses (attached, or linked from its text) while the page's
    published version does not: until the page is published with it, it stays out of public view like the
    document of a draft (resources/visibility.py). Written when a draft revision is saved (resources/signals.py),
    cleared when the page is published."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(
        ResourceDocument, on_delete=models.CASCADE, related_name="draft_uses"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "document"], name="unique_draft_document_use")
        ]
        verbose_name = "document d'un brouillon"
        verbose_name_plural = "documents de brouillons"

    def __str__(self) -> str:
        return f"{self.document_id} (brouillon de la page {self.page_id})"
