"""How long registrants' data is kept: unconfirmed requests for UNCONFIRMED_HOURS, the rest RETENTION_DAYS days
after the meeting; then the registrations are deleted and only anonymous counts (`Tally`) remain."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from registrations.booking import DAY
from registrations.models import Registration, Seat, Tally


@dataclass
class Purged:
    unconfirmed: int = 0
    meetings: int = 0
    registrations: int = 0

    def __str__(self) -> str:
        return (
            f"{self.unconfirmed} demande(s) non confirmée(s) effacée(s), {self.registrations} inscription(s) "
            f"de {self.meetings} rencontre(s) effacée(s)"
        )


def retention_limit(today: datetime.date | None = None) -> datetime.date:
    """Meetings held before this date have their registrants' data deleted."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.MAILLAGE_REGISTRATIONS["RETENTION_DAYS"])


def keep_tallies(meeting_id: int) -> None:
    """The anonymous counts of a meeting, per session, written (again) from its registrations."""
    rows = (
        Seat.objects.filter(registration__meeting_id=meeting_id, registration__status="confirmed")
        .values("session_id", "session__title")
        .annotate(
            held=Count("pk", filter=Q(status="held")),
            waiting=Count("pk", filter=Q(status="waiting")),
        )
    )
    cancelled = Registration.objects.filter(
        meeting_id=meeting_id, status=Registration.Status.CANCELLED
    ).count()
    Tally.objects.filter(meeting_id=meeting_id).delete()
    for row in rows:
        Tally.objects.create(
            meeting_id=meeting_id,
            label=row["session__title"] or DAY,
            held=row["held"],
            waiting=row["waiting"],
            cancelled=cancelled,
        )


def purge(now: datetime.datetime | None = None) -> Purged:
    now = now or timezone.now()
    limit = now - datetime.timedelta(hours=settings.MAILLAGE_REGISTRATIONS["UNCONFIRMED_HOURS"])
    result = Purged()
    result.unconfirmed, _ = Registration.objects.filter(
        status=Registration.Status.PENDING, created_at__lt=limit
    ).delete()
    old = (
        Registration.objects.filter(meeting__date__lt=retention_limit(timezone.localdate(now)))
        .order_by()
        .values_list("meeting_id", flat=True)
        .distinct()
    )
    for meeting_id in list(old):
        with transaction.atomic():
            keep_tallies(meeting_id)
            deleted, by_model = Registration.objects.filter(meeting_id=meeting_id).delete()
            result.registrations += by_model.get("registrations.Registration", 0)
            result.meetings += 1
    return result
