"""Capacity is never exceeded under concurrent registrations: 40 people confirm at once, each in their own request
and database connection, for a visit of 15 places, on PostgreSQL (SELECT … FOR UPDATE on the meeting's row)."""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from registrations.models import Registration, Seat
from registrations.tokens import make_confirm_token
from testing.factories import upcoming_meeting

PEOPLE = 40


@pytest.mark.fullstack
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_confirmations_never_exceed_the_capacity():
    assert connection.vendor == "postgresql"
    meeting = upcoming_meeting(capacity=15)
    visit = meeting.sessions.first()
    people = [
        Registration.objects.create(
            meeting=meeting,
            first_name=f"P{n}",
            last_name="Test",
            email=f"p{n}@mairie.fr",
            requested_sessions=[visit.pk],
        )
        for n in range(PEOPLE)
    ]
    paths = [
        urlsplit(reverse("registrations:confirm", args=[make_confirm_token(p.key)])).path
        for p in people
    ]
    barrier = threading.Barrier(PEOPLE)
    statuses: list[int] = []

    def confirm(path: str) -> None:
        try:
            client = Client()
            barrier.wait(timeout=60)
            statuses.append(client.post(path).status_code)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=confirm, args=(p,)) for p in paths]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert statuses == [200] * PEOPLE
    assert Seat.objects.filter(session=visit, status="held").count() == 15
    assert Seat.objects.filter(session=visit, status="waiting").count() == PEOPLE - 15
    assert Registration.objects.filter(status="confirmed").count() == PEOPLE
