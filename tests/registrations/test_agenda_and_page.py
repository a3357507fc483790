"""The agenda (/agenda/: upcoming first, by month, filters), the home page's next meetings, the meeting page while
upcoming (place, map, registration, schema.org Event with offers) and the same page, same URL, as the report after
the date (no form; the participating organisations the organisers published)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from actors.models import Organisation
from home.demo.documents import make_pdf
from registrations.models import Participation
from resources.models import MeetingReportPage, MeetingSeries, ResourceTerritory
from taxonomy.models import Territory, Theme
from testing.factories import document, upcoming_meeting
from tests.helpers.structured_data import check_node, json_ld

pytestmark = pytest.mark.django_db


def test_agenda_by_month_with_filters_and_feed(client):
    occitanie = Territory.objects.create(level="region", code="76", name="Occitanie")
    club = MeetingSeries.objects.create(
        name="Club des collectivités pour l'ESS en Occitanie", territory=occitanie
    )
    theme = Theme.objects.create(name="Alimentation", slug="alimentation")
    near = upcoming_meeting(days=3, title="Atelier circuits courts", club=club)
    near.themes.add(theme)
    near.save()  # a ParentalManyToManyField is written with the page
    far = upcoming_meeting(days=70, title="Webinaire achats responsables", sessions=0)
    upcoming_meeting(days=-40, title="Rencontre de l'an passé")
    html = client.get("/agenda/").content.decode()
    assert html.index("Atelier circuits courts") < html.index("Webinaire achats responsables")
    assert html.index("Webinaire achats responsables") < html.index("Rencontres passées")
    assert "Rencontre de l&#x27;an passé" in html[html.index("Rencontres passées") :]
    month = timezone.localdate() + datetime.timedelta(days=3)
    assert [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ][month.month - 1] + f" {month.year}" in html
    assert "2 rencontres à venir" in html and 'type="text/calendar"' in html

    by_club = client.get("/agenda/", {"club": club.slug}).content.decode()
    assert "Atelier circuits courts" in by_club and "Webinaire achats" not in by_club
    by_theme = client.get("/agenda/", {"theme": "alimentation"}).content.decode()
    assert "Atelier circuits courts" in by_theme and "Webinaire achats" not in by_theme
    # the commune of both (Toulouse) is not inside Occitanie in this small tree: classified meetings only
    ResourceTerritory.objects.create(page=near, territory=occitanie)
    by_territory = client.get("/agenda/", {"territoire": "region-76"}).content.decode()
    assert "Atelier circuits courts" in by_territory and "Webinaire achats" not in by_territory
    assert "1 rencontre à venir" in by_territory
    assert (
        "?club=" in client.get("/agenda/", {"club": club.slug}).content.decode()
    )  # the feed keeps the filter

    bad = client.get("/agenda/", {"club": "nope", "territoire": "<script>"})
    assert bad.status_code == 200 and "Ce filtre n'existe pas" in bad.content.decode()
    feed = client.get("/agenda/agenda.ics", {"club": club.slug}).content.decode()
    assert "Atelier circuits courts" in feed and "Webinaire" not in feed

    home = client.get("/").content.decode()
    assert "Prochaines rencontres" in home and far.title in home and "/agenda/" in home


def test_upcoming_page_then_report_at_the_same_address(client, meeting, media_root):
    MeetingReportPage.objects.filter(pk=meeting.pk).update(
        main_document=document(
            make_pdf("Programme", [["Accueil, ateliers."]]), title="Programme de la rencontre"
        )
    )
    html = client.get(meeting.url).content.decode()
    assert "Télécharger le programme" in html and "Télécharger le compte rendu" not in html
    assert (
        "À venir" in html
        and "Ajouter à mon agenda" in html
        and f"/agenda/rencontre/{meeting.pk}.ics" in html
    )
    # Not a report yet: its page, its card in the listing and the home page's latest resources say so.
    assert (
        '<p class="meta">Rencontre à venir · <time' in html
        and "Compte rendu de rencontre" not in html
    )
    for listing in (meeting.get_parent().url, "/"):
        cards = client.get(listing).content.decode()
        assert '<p class="card-type">Rencontre à venir · <time' in cards
        assert '<p class="card-type">Compte rendu de rencontre' not in cards
    assert "Le Périscope, 12 rue des Arts, 31000 Toulouse" in html and 'id="carte"' in html
    assert 'id="inscription"' in html and 'name="website"' in html
    (event,) = [n for n in json_ld(html) if n["@type"] == "Event"]
    check_node(event)
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"]["address"]["streetAddress"] == "12 rue des Arts"
    assert event["offers"]["url"].endswith(f"{meeting.url}#inscription")
    assert event["offers"]["availability"] == "https://schema.org/InStock"
    assert event["startDate"].startswith(f"{meeting.date.isoformat()}T09:30:00+01:00")

    MeetingReportPage.objects.filter(pk=meeting.pk).update(registration="closed")
    closed = client.get(meeting.url).content.decode()
    assert "Les inscriptions sont closes." in closed and "Je m'inscris" not in closed
    assert client.post(f"/agenda/rencontre/{meeting.pk}/inscription/", {}).status_code == 400

    # After the date: the report, same address, no form, the participating organisations.
    url = meeting.url
    MeetingReportPage.objects.filter(pk=meeting.pk).update(
        date=timezone.localdate() - datetime.timedelta(days=1), participants=31
    )
    org = Organisation.objects.create(name="Recyclerie du Grenier", slug="recyclerie-du-grenier")
    Participation.objects.create(meeting=meeting, organisation=org)
    report = client.get(url)
    body = report.content.decode()
    assert report.status_code == 200
    assert "À venir" not in body and 'id="inscription"' not in body and 'id="carte"' not in body
    assert "Télécharger le compte rendu" in body and "Télécharger le programme" not in body
    assert (
        "Organisations participantes" in body and "Recyclerie du Grenier" in body and "31" in body
    )
    assert (
        '<p class="meta">Compte rendu de rencontre · <time' in body
        and "Rencontre à venir" not in body
    )
    cards = client.get(meeting.get_parent().url).content.decode()
    assert (
        '<p class="card-type">Compte rendu de rencontre · <time' in cards
        and "Rencontre à venir" not in cards
    )
    assert meeting.title not in client.get("/agenda/agenda.ics").content.decode()
