"""The .ics of a meeting and of the agenda: RFC 5545 with the Europe/Paris VTIMEZONE, folded lines, escaped text."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from resources.models import MeetingReportPage

pytestmark = pytest.mark.django_db


def test_meeting_ics_is_valid_rfc5545_in_paris_time(client, meeting):
    MeetingReportPage.objects.filter(pk=meeting.pk).update(
        summary="Ateliers, visites; témoignages : " + "une très longue description " * 6
    )
    response = client.get(f"/agenda/rencontre/{meeting.pk}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert f'filename="{meeting.slug}.ics"' in response["Content-Disposition"]
    raw = response.content
    lines = raw.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in lines), "lines are folded at 75 octets"
    assert any(line.startswith(b" ") for line in lines), "a long description is folded"
    text = raw.decode()
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris" in text
    assert f"DTSTART;TZID=Europe/Paris:{meeting.date:%Y%m%d}T093000" in text
    assert f"DTEND;TZID=Europe/Paris:{meeting.date:%Y%m%d}T163000" in text
    unfolded = text.replace("\r\n ", "")
    assert "LOCATION:Le Périscope\\, 12 rue des Arts\\, 31000 Toulouse" in unfolded
    assert "Ateliers\\, visites\\; témoignages" in unfolded
    event = Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == meeting.title
    assert event["DTSTART"].dt.tzinfo.key == "Europe/Paris" and event["DTSTART"].dt.hour == 9
    assert str(event["URL"]) == f"http://localhost{meeting.url}"
    assert str(event["UID"]) == f"rencontre-{meeting.pk}@localhost"


def test_agenda_feed_lists_upcoming_public_meetings_only(client, meeting):
    from testing.factories import upcoming_meeting

    past = upcoming_meeting(days=-30, title="Rencontre passée")
    draft = upcoming_meeting(days=10, title="Rencontre en préparation")
    draft.unpublish()
    cal = Calendar.from_ical(client.get("/agenda/agenda.ics").content)
    titles = [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]
    assert titles == [meeting.title]
    assert past.title not in titles and draft.title not in titles
    assert client.get("/agenda/rencontre/999999.ics").status_code == 404
