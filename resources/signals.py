"""Documents: a new or replaced file is extracted again; any change is reflected in the index."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from resources.conversion import delete_derived
from resources.models import ExtractionStatus, ResourceDocument
from resources.thumbnails import delete_thumbnails
from tasks.dispatch import enqueue
from tasks.tasks import extract_document, index_document_and_pages, unindex


@receiver(pre_save, sender=ResourceDocument)
def _mark_new_file(sender, instance: ResourceDocument, raw=False, **kwargs):
    if raw:
        return
    previous = ResourceDocument.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    instance._file_changed = instance.pk is None or previous != instance.file.name
    if instance._file_changed:
        instance.extraction_status = ExtractionStatus.PENDING
        instance.extraction_error = ""
        if instance.pk is not None:
            delete_derived(instance.pk)  # converted again from the new file after its extraction


@receiver(post_save, sender=ResourceDocument)
def _document_saved(sender, instance: ResourceDocument, raw=False, **kwargs):
    if raw:
        return
    if getattr(instance, "_file_changed", False):
        enqueue(extract_document, instance.pk)
    else:
        enqueue(index_document_and_pages, instance.pk)


@receiver(post_delete, sender=ResourceDocument)
def _document_deleted(sender, instance: ResourceDocument, **kwargs):
    enqueue(unindex, [f"document:{instance.pk}"])
    delete_thumbnails(instance.pk)
    delete_derived(instance.pk)
