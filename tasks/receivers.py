"""When background work starts: the receivers that turn what editors do into jobs.

The apps below `tasks` only send signals (Django's and Wagtail's, and their own: `collection_moved`,
`extraction_requested`, `organisations_imported`); they never import the task objects. This module, connected by
`TasksConfig.ready()`, listens and enqueues: extract a new or replaced file, (re)index what changed, unindex
what left the public set.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from actors.models import Organisation
from actors.signals import organisations_imported
from resources.models import ResourceDocument, ResourcePage
from resources.signals import documents_written, extraction_requested
from search.signals import collection_moved, stale_entries_found
from tasks.dispatch import enqueue
from tasks.tasks import (
    extract_document,
    index_document_and_pages,
    index_object,
    index_objects,
    index_page,
    reindex_entries,
    unindex,
)

BATCH = 2000

# Documents: a new or replaced file is extracted again; any other change is reflected in the index.


@receiver(post_save, sender=ResourceDocument)
def _document_saved(sender, instance: ResourceDocument, raw: bool = False, **kwargs) -> None:
    if getattr(instance, "_file_changed", False) and not raw:
        enqueue(extract_document, instance.pk)
    else:  # loaddata (raw) brings its rows as they are: the index follows them
        enqueue(index_document_and_pages, instance.pk)


@receiver(documents_written, sender=ResourceDocument)
def _documents_written(sender, pks: list[int], created: bool, **kwargs) -> None:
    """QuerySet.update() (Wagtail's « Ajouter à la collection ») and bulk_create(): no post_save was sent."""
    for pk in pks:
        enqueue(extract_document if created else index_document_and_pages, pk)


@receiver(stale_entries_found)
def _stale_entries_found(sender, ids: list[str], **kwargs) -> None:
    """A read path met entries the database no longer makes public (search/public_set.py)."""
    enqueue(reindex_entries, ids)


@receiver(extraction_requested, sender=ResourceDocument)
def _extraction_requested(sender, instance: ResourceDocument, **kwargs) -> None:
    enqueue(extract_document, instance.pk)


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
    for pk in ResourceDocument.objects.filter(collection__in=collections).values_list("pk", flat=True):
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
def _organisation_links_changed(sender, instance, action: str, reverse: bool, pk_set=None, **kwargs) -> None:
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
