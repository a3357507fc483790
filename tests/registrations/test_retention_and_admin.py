"""Organisers' admin: counts for editors, the people only with the dedicated permission (list, CSV, attendance
sheet, messages, access request); registrants' data deleted a set time after the meeting, anonymous counts kept."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone

from registrations import booking
from registrations.models import Participation, Registration, Tally
from registrations.retention import purge
from resources.models import MeetingReportPage

pytestmark = pytest.mark.django_db


def _people(meeting, count: int = 3) -> list[Registration]:
    from actors.models import Organisation

    org = Organisation.objects.create(name="Mairie de Toulouse", slug="mairie-de-toulouse")
    visit = meeting.sessions.first()
    out = []
    for n in range(count):
        r = Registration.objects.create(
            meeting=meeting,
            first_name=f"Élise{n}",
            last_name=f"=Martin{n}",
            email=f"elise{n}@toulouse.fr",
            organisation=org if n % 2 == 0 else None,
            organisation_name="" if n % 2 == 0 else "Tiers-lieu Nouveau",
            role="Élue",
            requested_sessions=[visit.pk],
            dietary_needs="sans gluten",
            listed=n != 2,
        )
        booking.confirm(r.pk)
        out.append(r)
    return out


def _editor(django_user_model, *perms: str):
    user = django_user_model.objects.create_user("editrice", password="x")
    group = Group.objects.create(name="Organisation des rencontres")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(codename__in=perms),
    )
    user.groups.add(group)
    return user


def test_counts_without_the_permission_people_with_it(client, django_user_model, meeting):
    _people(meeting)
    client.force_login(_editor(django_user_model, "view_registration"))
    page = client.get(f"/admin/inscriptions/{meeting.pk}/").content.decode()
    assert (
        "<strong>3</strong> inscriptions confirmées" in page
        and "elise0@" not in page
        and "Martin" not in page
    )
    base = f"/admin/inscriptions/{meeting.pk}/"
    for path in (
        f"{base}inscriptions.csv",
        f"{base}emargement.pdf",
        "/admin/inscriptions/acces/?email=e@t.fr",
    ):
        response = client.get(
            path
        )  # Wagtail's admin turns a refusal into a redirect with a message
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert "Inscriptions aux rencontres" in client.get("/admin/inscriptions/").content.decode()


def test_organiser_exports_prints_and_publishes(client, django_user_model, meeting):
    _people(meeting)
    client.force_login(_editor(django_user_model, "view_registration", "view_registrant_data"))
    page = client.get(f"/admin/inscriptions/{meeting.pk}/").content.decode()
    assert "elise0@toulouse.fr" in page and "Tiers-lieu Nouveau" in page and "(proposée)" in page

    response = client.get(f"/admin/inscriptions/{meeting.pk}/inscriptions.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nom", "Prénom", "Adresse électronique"] and len(rows) == 4
    assert rows[1][0] == "'=Martin0"  # never a formula in a spreadsheet
    assert rows[1][6] == meeting.sessions.first().title and rows[1][8] == "sans gluten"

    pdf = client.get(f"/admin/inscriptions/{meeting.pk}/emargement.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    from pypdfium2 import PdfDocument

    text = "\n".join(p.get_textpage().get_text_range() for p in PdfDocument(pdf.content))
    assert "Feuille d'émargement" in text and "=Martin0" in text and "Signature" in text
    assert "Visite 2" in text  # one table per session, each on its page

    client.post(f"/admin/inscriptions/{meeting.pk}/participants/")
    assert [p.organisation.name for p in Participation.objects.filter(meeting=meeting)] == [
        "Mairie de Toulouse"
    ]

    data = json.loads(client.get("/admin/inscriptions/acces/?email=ELISE1@toulouse.fr").content)
    assert data["inscriptions"][0]["organisation"] == "Tiers-lieu Nouveau"
    assert data["inscriptions"][0]["régime_alimentaire"] == "sans gluten"


def test_data_deleted_after_the_retention_period_counts_kept(meeting, settings):
    _people(meeting)
    Registration.objects.create(
        meeting=meeting, first_name="X", last_name="Y", email="x@y.fr"
    )  # never confirmed
    assert purge().registrations == 0  # the meeting is ahead
    Registration.objects.filter(first_name="X").update(
        created_at=timezone.now() - datetime.timedelta(hours=49)
    )
    assert purge().unconfirmed == 1
    days = settings.MAILLAGE_REGISTRATIONS["RETENTION_DAYS"]
    MeetingReportPage.objects.filter(pk=meeting.pk).update(
        date=timezone.localdate() - datetime.timedelta(days=days)
    )
    assert purge().registrations == 0  # the last day of the period
    MeetingReportPage.objects.filter(pk=meeting.pk).update(
        date=timezone.localdate() - datetime.timedelta(days=days + 1)
    )
    result = purge()
    assert (result.meetings, result.registrations) == (1, 3)
    assert not Registration.objects.exists()
    (tally,) = Tally.objects.filter(meeting=meeting)
    assert (tally.label, tally.held, tally.waiting) == (meeting.sessions.first().title, 3, 0)


def test_periodic_jobs_are_in_the_beat_schedule():
    from config.celery import app
    from tasks.periodic import beat_schedule

    app.finalize()
    assert app.conf.beat_schedule == beat_schedule()  # what Celery beat runs (config/celery.py)
    tasks = {entry["task"] for entry in beat_schedule().values()}
    assert {"registrations.send_reminders", "registrations.purge_registrations"} <= tasks
    assert {"registrations.send_reminders", "registrations.purge_registrations"} <= set(app.tasks)
    call_command("check")


def test_the_meeting_page_links_to_its_registrations_in_the_admin(
    client, django_user_model, meeting
):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@b.fr", "x"))
    page = client.get(f"/admin/pages/{meeting.get_parent().pk}/").content.decode()
    assert f"/admin/inscriptions/{meeting.pk}/" in page
