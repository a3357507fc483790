"""Celery tasks of the alerts: the confirmation e-mail, and the digest sender run by beat."""

from __future__ import annotations

import smtplib

from celery import shared_task


@shared_task(name="alerts.send_confirmation", autoretry_for=(smtplib.SMTPException, OSError), max_retries=5,
             retry_backoff=30)
def send_confirmation(subscription_id: int) -> bool:
    from alerts.mail import confirmation_message
    from alerts.models import Subscription

    subscription = Subscription.objects.filter(pk=subscription_id, confirmed_at__isnull=True).first()
    if subscription is None:
        return False
    confirmation_message(subscription).send()
    return True


@shared_task(name="alerts.send_digests", bind=True)
def send_digests(self) -> str:
    """One batch of due digests; queues the next batch itself while some are left."""
    from alerts.sender import send_batch

    summary = send_batch()
    if summary.remaining and summary.sent + summary.empty:
        self.apply_async(countdown=1)
    return str(summary)
