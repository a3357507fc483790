"""The reminder mailed before a meeting to the people who hold a place: once each, claimed before sending."""

from __future__ import annotations

import datetime
import logging
import smtplib

from django.conf import settings
from django.utils import timezone

from registrations.mail import message
from registrations.models import Registration

logger = logging.getLogger(__name__)


def due_reminders(today: datetime.date | None = None):
    """Confirmed registrations holding a place, for a live meeting within REMINDER_DAYS days, not reminded yet."""
    today = today or timezone.localdate()
    until = today + datetime.timedelta(days=settings.MAILLAGE_REGISTRATIONS["REMINDER_DAYS"])
    return Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminded_at__isnull=True,
        seats__status="held",
        meeting__live=True,
        meeting__date__gte=today,
        meeting__date__lte=until,
    ).distinct()


def send_due_reminders(today: datetime.date | None = None) -> int:
    sent = 0
    for pk in list(due_reminders(today).values_list("pk", flat=True)):
        # Claimed first: two runs at once never send the same reminder twice.
        if not Registration.objects.filter(pk=pk, reminded_at__isnull=True).update(
            reminded_at=timezone.now()
        ):
            continue
        registration = Registration.objects.select_related("meeting").get(pk=pk)
        try:
            message(registration, "reminder").send()
            sent += 1
        except (smtplib.SMTPException, OSError) as exc:
            logger.warning("reminder of registration %s not sent, will retry: %s", pk, exc)
            Registration.objects.filter(pk=pk).update(reminded_at=None)
    return sent
