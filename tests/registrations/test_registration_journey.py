"""Registration end to end against a real SMTP server process: the form on the meeting page, the confirmation
request (the only mail an unconfirmed address gets), confirm (GET shows a button, POST confirms), the confirmation
with the .ics, the 16th person on the waiting list, a cancellation that promotes them by e-mail; the reminder
two days before. Full stack: the mails go through the Celery worker; embedded: in-process."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from icalendar import Calendar

from registrations.models import Registration
from registrations.reminders import send_due_reminders
from resources.models import MeetingReportPage
from testing.factories import upcoming_meeting
from tests.helpers.smtp import subject
from tests.helpers.waiting import wait_for

TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _form(meeting, n: int, session_id: int, **extra) -> dict:
    return {
        "first_name": f"Agent{n}",
        "last_name": f"Dupont{n:02d}",
        "email": f"agent{n}@mairie-exemple.fr",
        "organisation": "Mairie d'Exemple",
        "role": "Chargée de mission ESS",
        "sessions": [session_id],
        "dietary_needs": "végétarien",
        "accessibility_needs": "",
        "listed": "on",
        **extra,
    }


def _link(message, pattern: str) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    return urlsplit(re.search(pattern, text).group(0)).path


def _register_and_confirm(client, smtp, meeting, n: int, session_id: int, log=None):
    response = client.post(
        f"/agenda/rencontre/{meeting.pk}/inscription/", _form(meeting, n, session_id)
    )
    assert response.status_code == 200 and "Vérifiez votre messagerie" in response.content.decode()
    email = f"agent{n}@mairie-exemple.fr"
    request = wait_for(
        lambda: [
            m for m in smtp.received("Confirmez votre inscription") if str(m["To"]).strip() == email
        ],
        message=f"confirmation request {n}",
        log=log,
    )[0]
    path = _link(request, r"http://localhost/inscriptions/confirmer/[^/\s]+/")
    return client.post(path)


@TRANSACTIONAL
def test_register_confirm_wait_and_get_promoted(
    client, smtp_server, task_worker, settings, django_user_model
):
    caches["ratelimit"].clear()
    settings.MAILLAGE_REGISTRATIONS = {**settings.MAILLAGE_REGISTRATIONS, "RATE_LIMIT": (100, 3600)}
    meeting = upcoming_meeting()
    visit_1 = meeting.sessions.first()
    page = client.get(meeting.url).content.decode()
    assert 'id="inscription"' in page and "15 sur 15" in page and "Je m'inscris" in page

    # The first person: the request mails a link; a mail scanner's GET confirms nothing; POST confirms.
    response = client.post(
        f"/agenda/rencontre/{meeting.pk}/inscription/", _form(meeting, 1, visit_1.pk)
    )
    assert "Vérifiez votre messagerie" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.status == "pending" and registration.organisation is None
    assert registration.organisation_name == "Mairie d'Exemple"  # proposed for review
    request = wait_for(
        lambda: smtp_server.received("Confirmez votre inscription"),
        message="the request",
        log=task_worker,
    )[0]
    text = request.get_body(preferencelist=("plain",)).get_content()
    assert "Bonjour Agent1" in text and meeting.title in text
    assert not list(request.iter_attachments())  # no .ics before the address is confirmed
    path = _link(request, r"http://localhost/inscriptions/confirmer/[^/\s]+/")
    assert "Confirmer mon inscription" in client.get(path).content.decode()
    assert Registration.objects.get().status == "pending"
    done = client.post(path).content.decode()
    assert "Inscription confirmée" in done and "Place réservée : " + visit_1.title in done
    confirmed = wait_for(
        lambda: smtp_server.received("Inscription confirmée"),
        message="the confirmation",
        log=task_worker,
    )[0]
    assert subject(confirmed) == f"Inscription confirmée : {meeting.title}"
    (ics,) = [
        part for part in confirmed.iter_attachments() if part.get_content_type() == "text/calendar"
    ]
    event = Calendar.from_ical(
        ics.get_content().encode() if isinstance(ics.get_content(), str) else ics.get_content()
    ).walk("VEVENT")[0]
    assert (
        str(event["SUMMARY"]) == meeting.title and event["DTSTART"].dt.tzinfo.key == "Europe/Paris"
    )
    assert client.post(path).status_code == 200  # a second click changes nothing
    assert len(smtp_server.received("Inscription confirmée")) == 1

    # 14 more fill the visit; the 16th is on the waiting list, and told so.
    for n in range(2, 17):
        _register_and_confirm(client, smtp_server, meeting, n, visit_1.pk, log=task_worker)
    waiting = wait_for(
        lambda: smtp_server.received("Liste d'attente"),
        message="the waiting list mail",
        log=task_worker,
    )
    assert [str(m["To"]).strip() for m in waiting] == ["agent16@mairie-exemple.fr"]
    page = client.get(meeting.url).content.decode()
    box = page[page.index('id="inscription"') :]
    assert "complet" in box and "1 en liste d'attente" in box, box[:3000]

    # Agent 3 cancels with the link of their e-mail: agent 16 gets the place, by e-mail, with the .ics.
    mail_3 = [
        m for m in smtp_server.received("Inscription confirmée") if "agent3@" in str(m["To"])
    ][0]
    manage = _link(mail_3, r"http://localhost/inscriptions/gerer/[^/\s]+/")
    assert "Annuler mon inscription" in client.get(manage).content.decode()
    assert "Inscription annulée" in client.post(manage).content.decode()
    promoted = wait_for(
        lambda: smtp_server.received("Une place s'est libérée"),
        message="the promotion",
        log=task_worker,
    )
    assert [str(m["To"]).strip() for m in promoted] == ["agent16@mairie-exemple.fr"]
    assert any(p.get_content_type() == "text/calendar" for p in promoted[0].iter_attachments())
    assert "Inscription introuvable" in client.get(manage).content.decode()

    # The organiser writes to the people who hold a place (15, not the cancelled one), from the admin.
    organiser = django_user_model.objects.create_superuser("organisatrice", "o@example.fr", "x")
    client.force_login(organiser)
    client.post(
        f"/admin/inscriptions/{meeting.pk}/message/",
        {
            "audience": "held",
            "subject": "Plan d'accès",
            "body": "Rendez-vous à l'accueil à 9 h 15.",
        },
    )
    notes = wait_for(
        lambda: (
            len(smtp_server.received("Plan d'accès")) == 15 and smtp_server.received("Plan d'accès")
        ),
        message="the organiser's message",
        log=task_worker,
    )
    assert "Rendez-vous à l'accueil" in notes[0].get_body(preferencelist=("plain",)).get_content()
    assert "agent3@mairie-exemple.fr" not in {str(m["To"]).strip() for m in notes}
    client.logout()

    # Two days before: one reminder to each person holding a place (15), none to the cancelled one, never twice.
    MeetingReportPage.objects.filter(pk=meeting.pk).update(
        date=meeting.date - datetime.timedelta(days=18)
    )
    assert send_due_reminders() == 15
    assert send_due_reminders() == 0
    reminders = wait_for(
        lambda: len(smtp_server.received("Rappel")) == 15 and smtp_server.received("Rappel"),
        message="the reminders",
    )
    assert "agent3@mairie-exemple.fr" not in {str(m["To"]).strip() for m in reminders}


@pytest.mark.django_db
def test_bots_double_submissions_and_mail_bombing_are_bounded(
    client, meeting, mailoutbox, settings
):
    caches["ratelimit"].clear()
    visit = meeting.sessions.first()
    url = f"/agenda/rencontre/{meeting.pk}/inscription/"
    # The honeypot: answered like a success, nothing kept, nothing sent.
    response = client.post(url, _form(meeting, 1, visit.pk, website="http://spam.example"))
    assert response.status_code == 200 and not Registration.objects.exists()
    # The same form three, four, five times (double clicks, or a stranger with someone's address): one
    # registration, at most MAX_CONFIRMATION_MAILS requests, and nothing else until the address confirms.
    for _ in range(5):
        assert client.post(url, _form(meeting, 2, visit.pk)).status_code == 200
    assert Registration.objects.count() == 1
    assert (
        Registration.objects.get().mails_sent
        == settings.MAILLAGE_REGISTRATIONS["MAX_CONFIRMATION_MAILS"]
    )
    # Per client address: past the limit of the window, a French 429.
    settings.MAILLAGE_REGISTRATIONS = {**settings.MAILLAGE_REGISTRATIONS, "RATE_LIMIT": (6, 3600)}
    response = client.post(url, _form(meeting, 3, visit.pk))
    assert response.status_code == 429 and "Trop de demandes" in response.content.decode()
    # Bad input: French messages, no 500.
    caches["ratelimit"].clear()
    response = client.post(url, {"email": "pas-une-adresse", "sessions": ["abc"]})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Indiquez votre prénom." in body and "adresse électronique n&#x27;est pas valide" in body
    assert client.post(url, _form(meeting, 4, 999999)).status_code == 400
    assert client.get("/inscriptions/confirmer/abc/").status_code == 400
    assert client.get("/inscriptions/gerer/abc/").status_code == 400
    assert client.get(url).status_code == 405
