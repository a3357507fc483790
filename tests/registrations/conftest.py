"""Shared by the registration tests: an upcoming meeting with two visits, a real SMTP server (the alerts' one)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from resources.models import MeetingReportPage, MeetingSession
from taxonomy.models import Territory
from tests import factories
from tests.alerts.conftest import smtp_server  # noqa: F401  (the fixture, reused)


def upcoming_meeting(days: int = 20, capacity: int = 15, sessions: int = 2, **fields) -> MeetingReportPage:
    index = factories.site_tree()
    commune = Territory.objects.filter(level="commune", code="31555").first() or Territory.objects.create(
        level="commune", code="31555", name="Toulouse", postal_codes="31000 31100", latitude=43.6, longitude=1.44)
    fields.setdefault("registration", MeetingReportPage.Registration.OPEN)
    page = factories.meeting(index, fields.pop("title", "Rencontre du club : l'ESS, moteur des territoires"),
                             date=timezone.localdate() + datetime.timedelta(days=days),
                             start_time=datetime.time(9, 30), end_time=datetime.time(16, 30), venue="Le Périscope",
                             address="12 rue des Arts", commune=commune, publish=False, **fields)
    for number in range(sessions):
        MeetingSession.objects.create(page=page, title=f"Visite {number + 1} : recyclerie {'AB'[number % 2]}",
                                      capacity=capacity, start_time=datetime.time(14), end_time=datetime.time(16),
                                      sort_order=number)
    page.save_revision().publish()
    return MeetingReportPage.objects.get(pk=page.pk)


@pytest.fixture
def meeting(db) -> MeetingReportPage:
    return upcoming_meeting()
