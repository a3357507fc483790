"""Documents: a new or replaced file is marked for extraction, a deleted one takes its derived files along.

The jobs themselves (extract, index, unindex) are enqueued by `tasks/receivers.py`, which listens to the same
signals and to `extraction_requested` (the admin's « relancer l'extraction »)."""

from __future__ import annotations

from django.db.models.signals import post_delete, pre_save
from django.dispatch import Signal, receiver

from resources.conversion import delete_derived
from resources.models import ExtractionStatus, ResourceDocument
from resources.models.documents import documents_written  # noqa: F401  (sent by the QuerySet, received by tasks)
from resources.thumbnails import delete_thumbnails

# Sent with `instance` when an editor asks for a document's text to be extracted again.
extraction_requested = Signal()


@receiver(pre_save, sender=ResourceDocument)
def _mark_new_file(sender, instance: ResourceDocument, raw=False, **kwargs):
    if raw:
        return
    instance._file_changed = instance.file_content_changed()  # by content hash: the same bytes keep their text
    if instance._file_changed:
        instance.extraction_status = ExtractionStatus.PENDING
        instance.extraction_error = ""
        if instance.pk is not None:
            delete_derived(instance.pk)  # converted again from the new file after its extraction


@receiver(post_delete, sender=ResourceDocument)
def _document_deleted(sender, instance: ResourceDocument, **kwargs):
    delete_thumbnails(instance.pk)
    delete_derived(instance.pk)
