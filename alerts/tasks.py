"""Celery tasks of the alerts: the confirmation e-mail, and the digest sender, periodic (tasks/periodic.py)."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task

from alerts.mail import confirmation_message
from alerts.models import Subscription
from alerts.sender import send_batch
from tasks.periodic import periodic_job

logger = logging.getLogger(__name__)


@shared_task(name="alerts.send_confirmation", bind=True, max_retries=5)
def send_confirmation(self, subscription_id: int) -> bool:
    subscription = Subscription.objects.filter(
        pk=subscription_id, confirmed_at__isnull=True
    ).first()
    if subscription is None:
        return False
    try:
        confirmation_message(subscription).send()
    except (smtplib.SMTPException, OSError) as exc:
        if (
            self.request.is_eager
        ):  # in-process (embedded): never hold the visitor's request; they can ask again
            logger.warning("confirmation of alert %s not sent: %s", subscription_id, exc)
            return False
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc
    return True


@periodic_job("send-alert-digests", 600.0)  # alerts/sender.py
@shared_task(name="alerts.send_digests", bind=True)
def send_digests(self) -> str:
    """One batch of due digests; queues the next batch itself while some are left."""
    summary = send_batch()
    if summary.remaining and summary.sent + summary.empty:
        self.apply_async(countdown=1)
    return str(summary)
