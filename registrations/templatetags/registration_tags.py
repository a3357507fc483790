"""The meeting page's registration box and participating organisations (resources' meeting template loads them)."""

from __future__ import annotations

from django import template
from django.conf import settings

from registrations.booking import places
from registrations.forms import RegistrationForm

register = template.Library()


@register.inclusion_tag("registrations/includes/box.html", takes_context=True)
def registration_box(context, meeting) -> dict:
    """Places left per session and the form, while registrations are open; a notice when they are closed."""
    seats = places(meeting) if meeting.registration != meeting.Registration.NONE else []
    return {"meeting": meeting, "places": seats, "request": context.get("request"),
            "csrf_token": context.get("csrf_token"),
            "form": RegistrationForm(places=seats) if meeting.registration_open else None,
            "full": bool(seats) and all(p.full for p in seats),
            "with_sessions": any(p.session for p in seats),
            "retention_days": settings.MAILLAGE_REGISTRATIONS["RETENTION_DAYS"]}


@register.simple_tag
def participating_organisations(meeting) -> list:
    """The organisations the organisers listed as having taken part, by name."""
    return [p.organisation for p in meeting.participating_organisations.select_related("organisation")
            .order_by("organisation__name")]
