"""An e-mail alert on a saved search. Only what is needed is kept: the address and the search.

A subscription is deleted on unsubscribe, and when it is not confirmed within
`settings.MAILLAGE_ALERTS["UNCONFIRMED_DAYS"]` days (by the sender, alerts/sender.py).
"""

from __future__ import annotations

import uuid

from django.db import models


class Frequency(models.TextChoices):
    DAILY = "daily", "quotidienne"
    WEEKLY = "weekly", "hebdomadaire"


class Subscription(models.Model):
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("adresse électronique", max_length=254)
    query = models.CharField("recherche", max_length=1000, blank=True)
    filters = models.JSONField(
        "filtres", default=dict, blank=True
    )  # facet → values, as search.facets parses them
    search_key = models.CharField(
        max_length=64, db_index=True
    )  # the same saved search ↔ the same key
    frequency = models.CharField(
        "fréquence", max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Resources first published up to this moment have been considered (sent or found nothing).
    sent_until = models.DateTimeField(null=True, blank=True)
    next_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # A sender owns the subscription until then (a crashed sender's claim expires and another takes over).
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "alerte"
        constraints = [
            models.UniqueConstraint(
                fields=["email", "search_key"], name="alerts_one_per_address_search"
            )
        ]
        permissions = [("view_subscriber_addresses", "Voir les adresses des abonnés aux alertes")]

    def __str__(self) -> str:
        return f"alerte {self.pk} ({self.get_frequency_display()})"
