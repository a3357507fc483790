"""The registration e-mails, plain text and e-mail-safe HTML in French; every one carries the link to cancel.

confirm_request: the address must be confirmed before the registration holds a place (nothing else is ever mailed
to an unconfirmed address). confirmed, promoted and reminder carry the meeting's .ics.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from core.french import date_fr
from core.public_urls import absolute, site_root
from registrations import ics
from registrations.booking import seats_of
from registrations.models import Registration
from registrations.tokens import make_confirm_token, make_manage_token

SUBJECTS = {
    "confirm_request": "Confirmez votre inscription : {title}",
    "confirmed": "Inscription confirmée : {title}",
    "waiting": "Liste d'attente : {title}",
    "promoted": "Une place s'est libérée pour vous : {title}",
    "reminder": "Rappel : {title}, le {date}",
}


def meeting_url(meeting) -> str:
    return absolute(meeting.get_url() or f"/r/{meeting.pk}/")


def meeting_calendar(meetings: list, *, name: str, with_online_link: bool = False) -> bytes:
    """The .ics of these meetings, with the site's absolute links."""
    host = urlsplit(site_root()).hostname or "localhost"
    return ics.calendar(meetings, meeting_url, host, name=name, with_online_link=with_online_link)


def meeting_ics(meeting, *, with_online_link: bool = False) -> bytes:
    return meeting_calendar([meeting], name=meeting.title, with_online_link=with_online_link)


def manage_url(registration: Registration) -> str:
    return absolute(reverse("registrations:manage", args=[make_manage_token(registration.key)]))


def message(
    registration: Registration, kind: str, extra: dict | None = None
) -> EmailMultiAlternatives:
    meeting = registration.meeting.specific
    outcome = seats_of(registration)
    context = {
        "registration": registration,
        "meeting": meeting,
        "meeting_url": meeting_url(meeting),
        "date": date_fr(meeting.date),
        "hours": meeting.hours,
        "address": meeting.full_address,
        "held": outcome.held,
        "waiting": outcome.waiting,
        "manage_url": manage_url(registration),
        "online_url": meeting.online_url,
        "kind": kind,
        **(extra or {}),
    }
    if kind == "confirm_request":
        context["confirm_url"] = absolute(
            reverse("registrations:confirm", args=[make_confirm_token(registration.key)])
        )
        context["hours_valid"] = settings.MAILLAGE_REGISTRATIONS["UNCONFIRMED_HOURS"]
    subject = (
        extra.get("subject")
        if extra and extra.get("subject")
        else SUBJECTS[kind].format(title=meeting.title, date=context["date"])
    )
    template = "organiser" if kind == "organiser" else "registration"
    email = EmailMultiAlternatives(
        subject=subject[:200],
        body=render_to_string(f"registrations/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    email.attach_alternative(
        render_to_string(f"registrations/email/{template}.html", context), "text/html"
    )
    if kind != "confirm_request" and outcome.held:
        email.attach(
            f"{meeting.slug}.ics",
            meeting_ics(meeting, with_online_link=True),
            "text/calendar; charset=utf-8; method=PUBLISH",
        )
    return email
