"""The search follows what editors do: the receivers that enqueue the index jobs (search/tasks.py).

Connected by `SearchConfig.ready()`. They listen to Django's and Wagtail's signals and to those of the apps below
(`documents_written` and `text_extracted` from resources, `organisations_imported` from actors) and of the search
itself (`collection_moved`, `stale_entries_found`): (re)index what changed, unindex what left the public set.
A document whose file is new or replaced is indexed once its text is read (`text_extracted`); the extraction itself
is the documents' app's job (resources/signals.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from actors.models import Organisation
from actors.signals import organisations_imported
from resources.models import ExtractionStatus, ResourceDocument, ResourcePage
from resources.signals import documents_written, text_extracted
from search.signals import collection_moved, stale_entries_found
from search.tasks import (
    index_document_and_pages,
    index_object,
    index_objects,
    index_page,
    reindex_entries,
    unindex,
)
from tasks.dispatch import enqueue

BATCH = 2000

# Documents: a change is reflected in the index; a new or replaced file once its text is read.


@receiver(post_save, sender=ResourceDocument)
def _document_saved(sender, instance: ResourceDocument, raw: bool = False, **kwargs) -> None:
    """A document waiting for its extraction (a new or replaced file: resources/signals.py) is indexed when the
    extraction ends; loaddata (raw) brings its rows as they are: the index follows them."""
    if raw or instance.extraction_status != ExtractionStatus.PENDING:
        enqueue(index_document_and_pages, instance.pk)


@receiver(text_extracted, sender=ResourceDocument)
def _text_extracted(sender, document_id: int, **kwargs) -> None:
    enqueue(index_document_and_pages, document_id)


@receiver(documents_written, sender=ResourceDocument)
def _documents_written(sender, pks: list[int], created: bool, **kwargs) -> None:
    """QuerySet.update() (Wagtail's « Ajouter à la collection »): no post_save was sent. New rows (bulk_create) are
    indexed once extracted."""
    if not created:
        for pk in pks:
            enqueue(index_document_and_pages, pk)


@receiver(stale_entries_found)
def _stale_entries_found(sender, ids: list[str], **kwargs) -> None:
    """A read path met entries the database no longer makes public (search/public_set.py)."""
    enqueue(reindex_entries, ids)


@receiver(post_delete, sender=ResourceDocument)
def _document_deleted(sender, instance: ResourceDocument, **kwargs) -> None:
    enqueue(unindex, [f"document:{instance.pk}"])


# Pages: publish, unpublish, move, restrict, delete.


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender, instance, **kwargs) -> None:
    enqueue(index_page, instance.pk)


@receiver(post_save)
def _page_draft_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    """A draft that attaches a library document takes it out of public view (search/index_entries.py): re-index.
    A page loaded by loaddata (raw) too, live or not."""
    if isinstance(instance, ResourcePage) and (raw or not instance.live):
        enqueue(index_page, instance.pk)


@receiver(post_delete, sender="resources.ResourceDocumentLink")
def _document_detached(sender, instance, **kwargs) -> None:
    """A document taken off a page (a draft's too) may be public again, as a library document: re-index it.
    Re-indexing the page only reaches the documents it still attaches."""
    enqueue(index_document_and_pages, instance.document_id)


@receiver(post_page_move)
def _page_moved(sender, instance, **kwargs) -> None:
    enqueue(index_page, instance.pk)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _restriction_changed(sender, instance, **kwargs) -> None:
    enqueue(index_page, instance.page_id)


@receiver(pre_delete)
def _page_deleted(sender, instance, **kwargs) -> None:
    if not isinstance(instance, Page) or type(instance) is not instance.specific_class:
        return
    document_ids = [d.pk for d in instance.documents()] if hasattr(instance, "documents") else []
    enqueue(unindex, [f"page:{instance.pk}"])
    for pk in document_ids:
        enqueue(index_object, "document", pk)


# Collections: made private (or public again), or moved under (or out of) a restricted one.


def _reindex_collection_tree(collection_id: int) -> None:
    """Every document in the collection and below it, with the pages attaching them."""
    collections = Collection.objects.filter(pk=collection_id)
    collection = collections.first()
    if collection is not None:
        collections = collection.get_descendants(inclusive=True)
    for pk in ResourceDocument.objects.filter(collection__in=collections).values_list(
        "pk", flat=True
    ):
        enqueue(index_document_and_pages, pk)


@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
def _collection_restriction_changed(sender, instance, **kwargs) -> None:
    _reindex_collection_tree(instance.collection_id)


@receiver(collection_moved)
def _collection_moved(sender, instance, **kwargs) -> None:
    _reindex_collection_tree(instance.pk)


# The directory (kind "actor").


def _index_actors(pks: Iterable[int]) -> None:
    pks = list(pks)
    for start in range(0, len(pks), BATCH):
        enqueue(index_objects, "actor", pks[start : start + BATCH])


@receiver(organisations_imported)
def _organisations_imported(sender, pks: Iterable[int], **kwargs) -> None:
    _index_actors(pks)


@receiver(post_save, sender=Organisation)
def _organisation_saved(sender, instance: Organisation, raw: bool = False, **kwargs) -> None:
    if not raw:
        enqueue(index_object, "actor", instance.pk)


@receiver(m2m_changed, sender=Organisation.themes.through)
@receiver(m2m_changed, sender=Organisation.labels.through)
def _organisation_links_changed(
    sender, instance, action: str, reverse: bool, pk_set=None, **kwargs
) -> None:
    if not action.startswith("post_"):
        return
    if reverse:  # a theme or label lost or gained organisations
        _index_actors(pk_set or [])
    elif isinstance(instance, Organisation):
        enqueue(index_object, "actor", instance.pk)


@receiver(post_delete, sender=Organisation)
def _organisation_deleted(sender, instance: Organisation, **kwargs) -> None:
    enqueue(unindex, [f"actor:{instance.pk}"])


# Themes: pages and actors tagged with a theme carry its name in their indexed text.


def _reindex_tagged(theme) -> None:
    pages = list(ResourcePage.objects.filter(themes=theme).values_list("pk", flat=True))
    actors = list(theme.organisations.values_list("pk", flat=True))
    if pages:
        enqueue(index_objects, "page", pages)
    if actors:
        enqueue(index_objects, "actor", actors)


@receiver(post_save, sender="taxonomy.Theme")
def _theme_saved(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    if not created and not raw:
        _reindex_tagged(instance)


@receiver(pre_delete, sender="taxonomy.Theme")
def _theme_deleted(sender, instance, **kwargs) -> None:
    _reindex_tagged(instance)
