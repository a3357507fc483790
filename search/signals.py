"""Index maintenance triggered by what editors do: publish, unpublish, move, restrict, delete."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import Signal, receiver
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from tasks.dispatch import enqueue
from tasks.tasks import index_document_and_pages, index_object, index_objects, index_page, unindex


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender, instance, **kwargs):
    enqueue(index_page, instance.pk)


@receiver(post_save)
def _page_draft_saved(sender, instance, raw=False, **kwargs):
    """A draft that attaches a library document takes it out of public view (search/documents.py): re-index."""
    from resources.models import ResourcePage

    if not raw and isinstance(instance, ResourcePage) and not instance.live:
        enqueue(index_page, instance.pk)


@receiver(post_delete, sender="resources.ResourceDocumentLink")
def _document_detached(sender, instance, **kwargs):
    """A document taken off a page (a draft's too) may be public again, as a library document: re-index it.
    Re-indexing the page only reaches the documents it still attaches."""
    enqueue(index_document_and_pages, instance.document_id)


@receiver(post_page_move)
def _page_moved(sender, instance, **kwargs):
    enqueue(index_page, instance.pk)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _restriction_changed(sender, instance, **kwargs):
    enqueue(index_page, instance.page_id)


@receiver(pre_delete)
def _page_deleted(sender, instance, **kwargs):
    if not isinstance(instance, Page) or type(instance) is not instance.specific_class:
        return
    document_ids = [d.pk for d in instance.documents()] if hasattr(instance, "documents") else []
    enqueue(unindex, [f"page:{instance.pk}"])
    for pk in document_ids:
        enqueue(index_object, "document", pk)


# Sent after a collection moved in the tree (treebeard's move() writes paths with UPDATEs: no post_save).
collection_moved = Signal()


def _reindex_collection_tree(collection_id: int) -> None:
    """Every document in the collection and below it, with the pages attaching them."""
    from resources.models import ResourceDocument

    collections = Collection.objects.filter(pk=collection_id)
    collection = collections.first()
    if collection is not None:
        collections = collection.get_descendants(inclusive=True)
    for pk in ResourceDocument.objects.filter(collection__in=collections).values_list("pk", flat=True):
        enqueue(index_document_and_pages, pk)


@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
def _collection_restriction_changed(sender, instance, **kwargs):
    """A collection made private (or public again): its documents leave (or return to) the public index."""
    _reindex_collection_tree(instance.collection_id)


@receiver(collection_moved)
def _collection_moved(sender, instance, **kwargs):
    """A collection moved under (or out of) a restricted one: its whole subtree changes public state."""
    _reindex_collection_tree(instance.pk)


def connect_collection_moves() -> None:
    """Make `Collection.move` (the admin's "parent" field, or code) send `collection_moved` once done."""
    if getattr(Collection.move, "sends_collection_moved", False):
        return
    original = Collection.move

    def move(self, target, pos=None):
        result = original(self, target, pos)
        collection_moved.send(sender=Collection, instance=self)
        return result

    move.sends_collection_moved = True
    Collection.move = move


def _clear_labels(sender, **kwargs):
    from search import labels

    labels.clear()


def connect_label_cache() -> None:
    """Territory and theme names, promoted queries: cached per process (search/labels.py), cleared on change."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    from actors.models import Territory
    from resources.models import Theme

    for model in (Territory, Theme, SearchPromotion):
        post_save.connect(_clear_labels, sender=model, dispatch_uid=f"search-labels-save-{model.__name__}")
        post_delete.connect(_clear_labels, sender=model, dispatch_uid=f"search-labels-delete-{model.__name__}")


def _reindex_tagged(theme) -> None:
    """Pages and actors tagged with `theme` carry its name in their indexed text."""
    from resources.models import ResourcePage

    pages = list(ResourcePage.objects.filter(themes=theme).values_list("pk", flat=True))
    actors = list(theme.organisations.values_list("pk", flat=True))
    if pages:
        enqueue(index_objects, "page", pages)
    if actors:
        enqueue(index_objects, "actor", actors)


@receiver(post_save, sender="resources.Theme")
def _theme_saved(sender, instance, created: bool = False, raw: bool = False, **kwargs):
    if not created and not raw:
        _reindex_tagged(instance)


@receiver(pre_delete, sender="resources.Theme")
def _theme_deleted(sender, instance, **kwargs):
    _reindex_tagged(instance)
