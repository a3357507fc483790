"""The digest sender: due confirmed subscriptions, in batches, each claimed before it is handled.

Idempotence: a subscription is claimed by a conditional UPDATE (only one sender wins it), its digest covers
resources first published in (sent_until, until], and `sent_until`/`next_due_at` move forward only after the
mail was accepted by the SMTP server. A sender that dies mid-batch leaves the subscriptions it had not finished
due (their claim expires after CLAIM_MINUTES), so nobody is skipped; those already done are not due any more,
so nobody gets the same digest twice. Nothing is sent for a period without new resources.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Q
from django.utils import timezone

from alerts.mail import digest_message
from alerts.matching import new_matches
from alerts.models import Frequency, Subscription
from alerts.saved import SavedSearch
from search.backends import SearchUnavailable

logger = logging.getLogger(__name__)

CLAIM_MINUTES = 15
SEND_HOUR = 7  # digests leave at 7:00, French time: daily every morning, weekly on Monday


@dataclass
class Summary:
    sent: int = 0  # digests sent
    empty: int = 0  # due, nothing new: nothing sent
    failed: int = 0  # search engine or SMTP unavailable: tried again at the next run
    purged: int = 0  # unconfirmed subscriptions deleted
    remaining: int = 0  # still due after this batch

    def __str__(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'s' if count >= 2 else ''}"

        return (
            f"{n(self.sent, 'alerte envoyée')}, {n(self.empty, 'alerte sans nouveauté')}, "
            f"{n(self.failed, 'échec')}, {n(self.purged, 'demande non confirmée effacée')}"
            f"{f', {self.remaining} restantes' if self.remaining else ''}"
        )


def next_due(frequency: str, after: datetime) -> datetime:
    """The next sending moment strictly after `after`: 7:00 (Paris) the next day, or the next Monday."""
    local = timezone.localtime(after)
    day = local.date() + timedelta(days=1)
    if frequency == Frequency.WEEKLY:
        day = local.date() + timedelta(days=7 - local.weekday())
    return timezone.make_aware(datetime.combine(day, time(SEND_HOUR)))


def purge_unconfirmed(now: datetime) -> int:
    limit = now - timedelta(days=settings.MAILLAGE_ALERTS["UNCONFIRMED_DAYS"])
    deleted, _ = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=limit
    ).delete()
    return deleted


def _due(now: datetime):
    return Subscription.objects.filter(confirmed_at__isnull=False, next_due_at__lte=now).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )


def send_batch(
    now: datetime | None = None,
    batch_size: int | None = None,
    progress: Callable[[Subscription, str], None] | None = None,
) -> Summary:
    """Handles up to `batch_size` due subscriptions; `remaining` tells whether another batch is needed."""
    now = now or timezone.now()
    batch_size = batch_size or settings.MAILLAGE_ALERTS["BATCH_SIZE"]
    until = now - timedelta(seconds=settings.MAILLAGE_ALERTS["INDEX_LAG_SECONDS"])
    summary = Summary(purged=purge_unconfirmed(now))
    connection = None
    try:
        for pk in list(
            _due(now).order_by("next_due_at", "pk").values_list("pk", flat=True)[:batch_size]
        ):
            if (
                not _due(now)
                .filter(pk=pk)
                .update(claimed_until=now + timedelta(minutes=CLAIM_MINUTES))
            ):
                continue  # another sender took it
            subscription = Subscription.objects.filter(pk=pk).first()
            if subscription is None:
                continue  # unsubscribed meanwhile
            outcome = "empty"
            try:
                since = subscription.sent_until or subscription.confirmed_at
                matches = new_matches(
                    SavedSearch(subscription.query, subscription.filters), since, until
                )
                if matches:
                    if connection is None:
                        connection = get_connection()
                        connection.open()
                    message = digest_message(subscription, matches)
                    message.connection = connection
                    message.send()
                    outcome = "sent"
            except (SearchUnavailable, smtplib.SMTPException, OSError) as exc:
                logger.warning("alert %s not sent, will retry: %s", pk, exc)
                Subscription.objects.filter(pk=pk).update(claimed_until=None)
                summary.failed += 1
                if progress:
                    progress(subscription, "failed")
                if connection is not None and isinstance(exc, (smtplib.SMTPException, OSError)):
                    connection.close()
                    connection = None
                continue
            fields = {
                "sent_until": until,
                "next_due_at": next_due(subscription.frequency, now),
                "claimed_until": None,
            }
            if outcome == "sent":
                fields["last_sent_at"] = now
                summary.sent += 1
            else:
                summary.empty += 1
            Subscription.objects.filter(pk=pk).update(**fields)
            if progress:
                progress(subscription, outcome)
    finally:
        if connection is not None:
            connection.close()
    summary.remaining = _due(now).count()
    return summary
