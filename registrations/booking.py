"""Places: who holds one, who waits. The one place where seats are given, freed and passed on.

Every change to the seats of a meeting runs in a transaction that first locks the meeting's page row
(`SELECT … FOR UPDATE` on PostgreSQL; SQLite serialises writers), so counting the held seats and adding one
can never interleave with another registration: a session never holds more people than its capacity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from wagtail.models import Page

from registrations.models import Registration, Seat
from resources.models import MeetingReportPage, MeetingSession

DAY = "Journée"


@dataclass
class Places:
    """The capacity, held and waiting counts of one session (or of the day: `session` None)."""

    session: MeetingSession | None
    capacity: int | None
    held: int = 0
    waiting: int = 0

    @property
    def label(self) -> str:
        return self.session.title if self.session else DAY

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.held)

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.held >= self.capacity


@dataclass
class Outcome:
    """What a change did: the registration's seats, and the people who got a place that freed."""

    registration: Registration
    held: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    promoted: list[int] = field(default_factory=list)  # registration ids


def places(meeting: MeetingReportPage) -> list[Places]:
    """Places of each session of the meeting, in the programme's order; the day alone when it has no sessions."""
    sessions = list(meeting.sessions.all())
    counts = {
        row["session_id"]: row
        for row in Seat.objects.filter(
            registration__meeting=meeting, registration__status="confirmed"
        )
        .values("session_id")
        .annotate(
            held=Count("pk", filter=Q(status="held")),
            waiting=Count("pk", filter=Q(status="waiting")),
        )
    }
    if not sessions:
        row = counts.get(None, {})
        return [Places(None, meeting.capacity, row.get("held", 0), row.get("waiting", 0))]
    return [
        Places(
            s,
            s.capacity,
            counts.get(s.pk, {}).get("held", 0),
            counts.get(s.pk, {}).get("waiting", 0),
        )
        for s in sessions
    ]


def is_full(meeting: MeetingReportPage) -> bool:
    """Every session full: new registrations go to the waiting list."""
    return all(p.full for p in places(meeting))


def _lock(meeting_id: int) -> None:
    Page.objects.select_for_update().filter(pk=meeting_id).values_list("pk", flat=True).first()


def _capacity(meeting: MeetingReportPage, session: MeetingSession | None) -> int | None:
    return session.capacity if session else meeting.capacity


def _held(meeting_id: int, session_id: int | None) -> int:
    return Seat.objects.filter(
        registration__meeting_id=meeting_id,
        session_id=session_id,
        status="held",
        registration__status="confirmed",
    ).count()


def confirm(registration_id: int) -> Outcome | None:
    """Confirms a pending registration and gives it a seat in each session it asked for (the day when none), held while
    places remain, else on the waiting list. None when the registration no longer exists or was cancelled.
    Confirming twice changes nothing (a second click, a mail scanner)."""
    with transaction.atomic():
        registration = (
            Registration.objects.filter(pk=registration_id).select_related("meeting").first()
        )
        if registration is None:
            return None
        _lock(registration.meeting_id)
        registration.refresh_from_db()
        if registration.status == Registration.Status.CANCELLED:
            return None
        meeting = registration.meeting
        if registration.status == Registration.Status.PENDING:
            sessions = list(meeting.sessions.all())
            chosen = (
                [s for s in sessions if s.pk in set(registration.requested_sessions)]
                if sessions
                else [None]
            )
            for session in chosen:
                capacity = _capacity(meeting, session)
                free = (
                    capacity is None
                    or _held(meeting.pk, session.pk if session else None) < capacity
                )
                Seat.objects.create(
                    registration=registration,
                    session=session,
                    status=Seat.Status.HELD if free else Seat.Status.WAITING,
                )
            registration.status = Registration.Status.CONFIRMED
            registration.confirmed_at = timezone.now()
            registration.save(update_fields=["status", "confirmed_at"])
        return seats_of(registration)


def cancel(registration: Registration) -> Outcome:
    """Cancels a registration and gives each place it held to the oldest confirmed person waiting for it."""
    with transaction.atomic():
        _lock(registration.meeting_id)
        registration.refresh_from_db()
        meeting = registration.meeting
        freed = list(registration.seats.filter(status="held").select_related("session"))
        registration.seats.all().delete()
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.dietary_needs = registration.accessibility_needs = (
            ""  # no longer needed: erased at once
        )
        registration.save(
            update_fields=["status", "cancelled_at", "dietary_needs", "accessibility_needs"]
        )
        promoted = []
        for seat in freed:
            promoted += _promote(meeting, seat.session)
        outcome = Outcome(registration, promoted=promoted)
    return outcome


def fill_freed_places(meeting: MeetingReportPage) -> list[int]:
    """Promotes people waiting where places are free (after an editor raised a capacity). Registration ids."""
    with transaction.atomic():
        _lock(meeting.pk)
        sessions = list(meeting.sessions.all()) or [None]
        return [pk for session in sessions for pk in _promote(meeting, session)]


def _promote(meeting: MeetingReportPage, session: MeetingSession | None) -> list[int]:
    capacity = _capacity(meeting, session)
    session_id = session.pk if session else None
    promoted = []
    while capacity is None or _held(meeting.pk, session_id) < capacity:
        seat = (
            Seat.objects.filter(
                registration__meeting_id=meeting.pk,
                session_id=session_id,
                status="waiting",
                registration__status="confirmed",
            )
            .order_by("queued_at", "pk")
            .first()
        )
        if seat is None:
            break
        Seat.objects.filter(pk=seat.pk).update(status=Seat.Status.HELD)
        promoted.append(seat.registration_id)
    return promoted


def seats_of(registration: Registration) -> Outcome:
    """The sessions where the registration holds a place, and those where it waits."""
    outcome = Outcome(registration)
    for seat in registration.seats.select_related("session"):
        label = seat.session.title if seat.session else DAY
        (outcome.held if seat.status == Seat.Status.HELD else outcome.waiting).append(label)
    return outcome
