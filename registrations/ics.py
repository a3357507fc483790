"""iCalendar (RFC 5545) of meetings: one meeting (« Ajouter à mon agenda ») or the agenda's feed.

Times are local to Europe/Paris with its VTIMEZONE; the `icalendar` package folds lines at 75 octets and escapes
commas, semicolons and new lines. A meeting without a start time is an all-day event.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from resources.models import MeetingReportPage

PARIS = ZoneInfo("Europe/Paris")
PRODID = "-//Maillage//Agenda des rencontres//FR"


def _local(date: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(date, time).replace(tzinfo=PARIS)


def meeting_event(
    meeting: MeetingReportPage, url: str, host: str, *, with_online_link: bool = False
) -> Event:
    event = Event()
    event.add("uid", f"rencontre-{meeting.pk}@{host}")
    event.add("dtstamp", timezone.now())
    if meeting.start_time:
        event.add("dtstart", _local(meeting.date, meeting.start_time))
        end = (
            meeting.end_time
            or (
                datetime.datetime.combine(meeting.date, meeting.start_time)
                + datetime.timedelta(hours=1)
            ).time()
        )
        event.add("dtend", _local(meeting.date, end))
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
    event.add("summary", meeting.title)
    location = meeting.full_address
    if meeting.format == meeting.Format.ONLINE:
        location = "Visioconférence"
    if location:
        event.add("location", location)
    description = [meeting.summary] if getattr(meeting, "summary", "") else []
    if with_online_link and meeting.online_url:
        description.append(f"Lien de la visioconférence : {meeting.online_url}")
    description.append(f"Programme et inscription : {url}")
    event.add("description", "\n\n".join(description))
    event.add("url", url)
    event.add("status", "CONFIRMED")
    if (
        meeting.commune_id
        and meeting.commune.latitude is not None
        and meeting.format != meeting.Format.ONLINE
    ):
        event.add("geo", (meeting.commune.latitude, meeting.commune.longitude))
    return event


def calendar(
    meetings: Iterable[MeetingReportPage],
    url_of,
    host: str,
    *,
    name: str,
    with_online_link: bool = False,
) -> bytes:
    """The calendar of `meetings`; `url_of(meeting)` gives each page's absolute address."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for meeting in meetings:
        cal.add_component(
            meeting_event(meeting, url_of(meeting), host, with_online_link=with_online_link)
        )
    cal.add_missing_timezones()
    return cal.to_ical()
