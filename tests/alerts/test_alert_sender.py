"""The digest sender against a real SMTP server: an SMTP outage leaves the alert due (sent later, once), and a
sender that dies mid-batch neither sends twice nor skips anyone when run again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import Subscription
from alerts.saved import SavedSearch
from alerts.sender import send_batch
from search.indexing import rebuild
from testing import factories
from tests.helpers.ports import free_port

pytestmark = pytest.mark.django_db


class Crash(Exception):
    pass


def alert(email: str) -> Subscription:
    saved = SavedSearch("composteurs", {})
    yesterday = timezone.now() - timedelta(days=1)
    return Subscription.objects.create(
        email=email,
        query=saved.query,
        filters={},
        search_key=saved.key,
        confirmed_at=yesterday,
        sent_until=yesterday,
        next_due_at=timezone.now(),
    )


@pytest.fixture
def new_page(search_backend, media_root):
    index = factories.site_tree()
    page = factories.meeting(
        index, "Rencontre des composteurs", summary="Les composteurs partagés de Rennes."
    )
    rebuild()
    return page


def test_smtp_outage_leaves_the_alert_due_and_it_is_sent_once_later(
    new_page, smtp_server, settings
):
    subscription = alert("a@mairie.fr")
    settings.EMAIL_PORT = free_port()  # nothing listens there
    summary = send_batch()
    assert (summary.sent, summary.failed) == (0, 1)
    subscription.refresh_from_db()
    assert subscription.claimed_until is None and subscription.last_sent_at is None
    assert subscription.next_due_at <= timezone.now()
    settings.EMAIL_PORT = smtp_server.port
    assert send_batch().sent == 1
    assert send_batch().sent == 0
    assert [m["To"].strip() for m in smtp_server.received("1 nouvelle ressource")] == [
        "a@mairie.fr"
    ]


def test_a_sender_dying_mid_batch_neither_sends_twice_nor_skips(new_page, smtp_server):
    for email in ("un@mairie.fr", "deux@mairie.fr", "trois@mairie.fr"):
        alert(email)

    def die_after_first(subscription, outcome):
        raise Crash  # the process dies right after its first digest was sent and recorded

    with pytest.raises(Crash):
        send_batch(progress=die_after_first)
    assert len(smtp_server.received("1 nouvelle ressource")) == 1
    summary = send_batch()
    assert summary.sent == 2 and summary.remaining == 0
    received = sorted(m["To"].strip() for m in smtp_server.received("1 nouvelle ressource"))
    assert received == ["deux@mairie.fr", "trois@mairie.fr", "un@mairie.fr"]


def test_beat_schedules_registered_tasks_and_sends_digests_every_ten_minutes():
    """Beat's schedule names tasks the worker knows (a mistyped name would never run, silently)."""
    from config.celery import app
    from tasks.periodic import beat_schedule

    app.loader.import_default_modules()
    for name, entry in beat_schedule().items():
        assert entry["task"] in app.tasks, f"{name}: {entry['task']} is not a registered task"
    entry = beat_schedule()["send-alert-digests"]
    assert (entry["task"], entry["schedule"]) == ("alerts.send_digests", 600.0)
