"""Documents: a new or replaced file is marked for extraction and extracted (resources/tasks.py), a deleted one takes
its derived files along.

A file is to be extracted when its status says so: `pending`, set here before the save when its content changed
(or by the admin's « relancer l'extraction », which sends `extraction_requested`). The index follows in
search/signal_handlers.py: at once for any other change, after the extraction (`text_extracted`) for a new file."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal, receiver
from wagtail.models import Page, Revision
from wagtail.signals import page_published

from resources.derived import delete_derived
from resources.models import DraftDocumentUse, ExtractionStatus, ResourceDocument
from resources.models.documents import documents_written, text_extracted
from resources.tasks import extract_document
from resources.thumbnails import delete_thumbnails
from resources.visibility import draft_documents
from tasks.dispatch import enqueue

# Sent with `instance` when an editor asks for a document's text to be extracted again.
extraction_requested = Signal()


__all__ = ["documents_written", "extraction_requested", "text_extracted"]


@receiver(pre_save, sender=ResourceDocument)
def _mark_new_file(sender, instance: ResourceDocument, raw=False, **kwargs):
    if raw:
        return
    if instance.file_content_changed():  # by content hash: the same bytes keep their text
        instance.extraction_status = ExtractionStatus.PENDING
        instance.extraction_error = ""
        if instance.pk is not None:
            delete_derived(instance.pk)  # converted again from the new file after its extraction


@receiver(post_save, sender=ResourceDocument)
def _extract_pending(sender, instance: ResourceDocument, raw: bool = False, **kwargs):
    """A document saved with its text to read (a new or replaced file) is extracted once the transaction commits."""
    if not raw and instance.extraction_status == ExtractionStatus.PENDING:
        enqueue(extract_document, instance.pk)


@receiver(documents_written, sender=ResourceDocument)
def _extract_created(sender, pks: list[int], created: bool, **kwargs):
    """Rows created by bulk_create() sent no post_save: they are extracted too."""
    for pk in pks if created else []:
        enqueue(extract_document, pk)


@receiver(extraction_requested, sender=ResourceDocument)
def _extraction_requested(sender, instance: ResourceDocument, **kwargs):
    enqueue(extract_document, instance.pk)


@receiver(post_delete, sender=ResourceDocument)
def _document_deleted(sender, instance: ResourceDocument, **kwargs):
    delete_thumbnails(instance.pk)
    delete_derived(instance.pk)


# Drafts of live pages: the documents they use stay out of public view until the page is published with them.


@receiver(post_save, sender=Revision)
def _draft_saved(sender, instance: Revision, created: bool = False, raw: bool = False, **kwargs):
    if raw or not created or instance.base_content_type.model_class() is not Page:
        return
    page = instance.content_object
    if page is None or not page.live:
        return  # a page never published keeps its draft's documents in its own rows (ResourceDocumentLink)
    drafted = draft_documents(instance)
    before = set(DraftDocumentUse.objects.filter(page=page).values_list("document_id", flat=True))
    DraftDocumentUse.objects.filter(page=page).exclude(document_id__in=drafted).delete()
    DraftDocumentUse.objects.bulk_create(
        [DraftDocumentUse(page=page, document_id=pk) for pk in drafted - before],
        ignore_conflicts=True,
    )
    if drafted ^ before:
        documents_written.send(sender=ResourceDocument, pks=sorted(drafted ^ before), created=False)


@receiver(page_published)
def _draft_published(sender, instance, **kwargs):
    pks = list(
        DraftDocumentUse.objects.filter(page_id=instance.pk).values_list("document_id", flat=True)
    )
    if pks:
        DraftDocumentUse.objects.filter(page_id=instance.pk).delete()
        documents_written.send(sender=ResourceDocument, pks=pks, created=False)
