"""Places: held up to the capacity, then the waiting list; a cancellation promotes the oldest person waiting;
an unconfirmed registration holds nothing; confirming twice changes nothing."""

from __future__ import annotations

import pytest

from registrations import booking
from registrations.models import Registration, Seat
from testing.factories import upcoming_meeting

pytestmark = pytest.mark.django_db


def _register(meeting, n: int, sessions: list[int]) -> Registration:
    return Registration.objects.create(
        meeting=meeting,
        first_name=f"P{n}",
        last_name=f"Nom{n:02d}",
        email=f"p{n}@mairie.fr",
        requested_sessions=sessions,
    )


def test_held_then_waiting_then_promoted_when_someone_cancels(meeting):
    visit_1, visit_2 = meeting.sessions.all()
    people = [_register(meeting, n, [visit_1.pk]) for n in range(17)]
    assert booking.places(meeting)[0].held == 0  # pending registrations hold nothing
    outcomes = [booking.confirm(p.pk) for p in people]
    assert [bool(o.held) for o in outcomes] == [True] * 15 + [False, False]
    assert outcomes[15].waiting == [visit_1.title]
    visit_places = booking.places(meeting)
    assert (visit_places[0].held, visit_places[0].waiting, visit_places[0].full) == (15, 2, True)
    assert (visit_places[1].held, visit_places[1].full) == (0, False)

    assert booking.confirm(people[0].pk).held == [visit_1.title]  # a second click: nothing changes
    assert Seat.objects.filter(registration=people[0]).count() == 1

    outcome = booking.cancel(people[3])
    assert outcome.promoted == [people[15].pk]  # the first in the waiting list, not the last
    assert booking.seats_of(Registration.objects.get(pk=people[15].pk)).held == [visit_1.title]
    assert booking.seats_of(Registration.objects.get(pk=people[16].pk)).waiting == [visit_1.title]
    assert booking.places(meeting)[0].held == 15
    assert booking.confirm(people[3].pk) is None  # a cancelled registration is not confirmed again


def test_a_meeting_without_sessions_counts_places_for_the_day(db):
    meeting = upcoming_meeting(sessions=0, capacity=0, title="Webinaire")
    meeting.capacity = 2
    meeting.save_revision().publish()
    people = [_register(meeting, n, []) for n in range(3)]
    held = [bool(booking.confirm(p.pk).held) for p in people]
    assert held == [True, True, False]
    assert [p.label for p in booking.places(meeting)] == ["Journée"]
    assert booking.is_full(meeting)


def test_raising_the_capacity_gives_the_new_places_to_the_waiting_list(meeting):
    visit_1, _ = meeting.sessions.all()
    visit_1.capacity = 1
    visit_1.save()
    people = [_register(meeting, n, [visit_1.pk]) for n in range(3)]
    for p in people:
        booking.confirm(p.pk)
    visit_1.capacity = 2
    visit_1.save()
    assert booking.fill_freed_places(meeting) == [people[1].pk]
    assert booking.places(meeting)[0].held == 2
