"""Index maintenance triggered by what editors do: publish, unpublish, move, restrict, delete."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from tasks.dispatch import enqueue


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender, instance, **kwargs):
    enqueue("tasks.index_page", instance.pk)


@receiver(post_page_move)
def _page_moved(sender, instance, **kwargs):
    enqueue("tasks.index_page", instance.pk)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _restriction_changed(sender, instance, **kwargs):
    enqueue("tasks.index_page", instance.page_id)


@receiver(pre_delete)
def _page_deleted(sender, instance, **kwargs):
    if not isinstance(instance, Page) or type(instance) is not instance.specific_class:
        return
    document_ids = [d.pk for d in instance.documents()] if hasattr(instance, "documents") else []
    enqueue("tasks.unindex", [f"page:{instance.pk}"])
    for pk in document_ids:
        enqueue("tasks.index_object", "document", pk)
