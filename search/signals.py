"""Search-side signals: `collection_moved` (which treebeard's move does not send), and the per-process caches
(territory and theme labels, promoted queries) cleared when their rows change.

The index jobs that follow what editors do (publish, unpublish, move, restrict, delete) are enqueued by
`search/signal_handlers.py`."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Collection

from search import labels
from taxonomy.models import Territory, Theme

# Sent after a collection moved in the tree (treebeard's move() writes paths with UPDATEs: no post_save).
collection_moved = Signal()

# Sent with `ids` (index ids, "document:12") when a read path finds entries the database no longer makes public
# (a write that sent no signal): `search/signal_handlers.py` re-indexes them (search/public_set.py).
stale_entries_found = Signal()


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
    labels.clear()


def connect_label_cache() -> None:
    """Territory and theme names, promoted queries: cached per process (search/labels.py), cleared on change."""
    for model in (Territory, Theme, SearchPromotion):
        post_save.connect(
            _clear_labels, sender=model, dispatch_uid=f"search-labels-save-{model.__name__}"
        )
        post_delete.connect(
            _clear_labels, sender=model, dispatch_uid=f"search-labels-delete-{model.__name__}"
        )
