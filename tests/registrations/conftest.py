"""Fixtures for the registration tests: an upcoming meeting with two visits (the SMTP server is the root
conftest's `smtp_server`)."""

from __future__ import annotations

import pytest

from resources.models import MeetingReportPage
from testing.factories import upcoming_meeting


@pytest.fixture
def meeting(db) -> MeetingReportPage:
    return upcoming_meeting()
