"""The directory's signals: organisations imported in bulk, and the organisations' territory paths kept in step
with the territories (taxonomy's loader)."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from actors.models import Organisation, organisation_path
from taxonomy.models import Territory
from taxonomy.signals import territories_moved

# Sent with `pks` after a CSV import changed organisations without saving them one by one; `search/signal_handlers.py`
# indexes them in bulk (as it indexes an organisation saved, relinked or deleted in the admin).
organisations_imported = Signal()

# The cache key of the territory keys in use by organisations (actors.views.organisation_territory_keys).
TERRITORY_KEYS_CACHE = "actors:territory-keys"


def refresh_organisation_path(batch_size: int = 2000) -> int:
    """Recompute Organisation.territory_path after territories moved. Returns how many changed."""
    paths = dict(Territory.objects.values_list("pk", "path"))
    changed = []
    rows = Organisation.objects.values_list("pk", "commune_id", "territory_id", "territory_path")
    for pk, commune_id, territory_id, current in rows.iterator(chunk_size=batch_size):
        value = organisation_path(paths.get(commune_id, ""), paths.get(territory_id, ""))
        if value != current:
            changed.append(Organisation(pk=pk, territory_path=value))
    Organisation.objects.bulk_update(changed, ["territory_path"], batch_size=batch_size)
    return len(changed)


@receiver(territories_moved)
def _territories_moved(sender, **kwargs) -> None:
    refresh_organisation_path()
    forget_territory_keys()


@receiver(post_save, sender=Organisation, dispatch_uid="actors-territory-keys-save")
@receiver(post_delete, sender=Organisation, dispatch_uid="actors-territory-keys-delete")
@receiver(organisations_imported, dispatch_uid="actors-territory-keys-import")
def forget_territory_keys(**kwargs) -> None:
    """An organisation moved, left or came: the directory's territory pickers read the paths again."""
    cache.delete(TERRITORY_KEYS_CACHE)
