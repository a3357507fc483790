"""Keeping the public search index in step with the directory (kind "actor")."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from actors.models import Organisation
from tasks.dispatch import enqueue
from tasks.tasks import index_object, index_objects, unindex


def index_actors(pks: Iterable[int], batch: int = 2000) -> None:
    """Index these actors once the current transaction commits, in bulk tasks (used after imports)."""
    pks = list(pks)
    for start in range(0, len(pks), batch):
        enqueue(index_objects, "actor", pks[start : start + batch])


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
        index_actors(pk_set or [])
    elif isinstance(instance, Organisation):
        enqueue(index_object, "actor", instance.pk)


@receiver(post_delete, sender=Organisation)
def _organisation_deleted(sender, instance: Organisation, **kwargs) -> None:
    enqueue(unindex, [f"actor:{instance.pk}"])
