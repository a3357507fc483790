"""Celery tasks of the registrations: their e-mails, the reminders and the deletion of old data (run by beat)."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task

from registrations.mail import message
from registrations.models import Registration
from registrations.reminders import send_due_reminders
from registrations.retention import purge
from tasks.periodic import periodic_job

logger = logging.getLogger(__name__)


@shared_task(name="registrations.send_registration_mail", bind=True, max_retries=5)
def send_registration_mail(
    self, registration_id: int, kind: str, extra: dict | None = None
) -> bool:
    registration = Registration.objects.filter(pk=registration_id).select_related("meeting").first()
    if registration is None or (registration.status == Registration.Status.CANCELLED):
        return False
    if (kind == "confirm_request") != (registration.status == Registration.Status.PENDING):
        return False  # an unconfirmed address gets nothing but the confirmation request
    try:
        message(registration, kind, extra).send()
    except (smtplib.SMTPException, OSError) as exc:
        if self.request.is_eager:  # in-process (embedded): never hold the visitor's request
            logger.warning("registration mail %s to %s not sent: %s", kind, registration_id, exc)
            return False
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc
    return True


@periodic_job("send-meeting-reminders", 3600.0)
@shared_task(name="registrations.send_reminders")
def send_reminders() -> int:
    """The reminders of meetings in two days (settings.MAILLAGE_REGISTRATIONS["REMINDER_DAYS"])."""
    return send_due_reminders()


@periodic_job("purge-old-registrations", 86400.0)
@shared_task(name="registrations.purge_registrations")
def purge_registrations() -> str:
    """Deletes unconfirmed requests and, a set time after each meeting, its registrants' data (counts stay)."""
    return str(purge())
