"""In a real browser: an editor opens registrations for a meeting with two visits of 15 places; an officer
registers from a phone (narrow window), confirms from the e-mail and receives the confirmation with the .ics; the
16th person for the visit is put on the waiting list and promoted when the officer cancels; the organiser prints
the attendance sheet; after the date the same page shows the report. axe-core finds nothing serious.
Screenshots in var/screenshots/registration-*.png."""

from __future__ import annotations

import base64
import datetime
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from icalendar import Calendar
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from registrations import booking
from registrations.models import Registration
from resources.models import MeetingReportPage
from taxonomy.models import Territory
from testing import factories
from tests.helpers.axe import axe_source, serious_violations
from tests.helpers.browser import PASSWORD, admin_login, click, visible
from tests.helpers.waiting import wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
OFFICER = "chargee.ess@mairie-exemple.fr"


def shot(browser, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / f"registration-{name}.png"))


def full_shot(browser, name: str) -> None:
    """The whole page, as tall as its content."""
    width = browser.get_window_size()["width"]
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(width, min(height + 120, 6000))
    shot(browser, name)


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_registration_journey(
    live_server,
    browser,
    media_root,
    smtp_server,
    task_worker,  # noqa: F811
    settings,
    tmp_path,
):
    if connection.vendor == "sqlite":
        settings.WAGTAIL_AUTOSAVE_INTERVAL = (
            0  # see test_publish_meeting: in-memory SQLite and two writers
        )
    settings.MAILLAGE_REGISTRATIONS = {**settings.MAILLAGE_REGISTRATIONS, "RATE_LIMIT": (100, 3600)}
    index = factories.site_tree()
    toulouse = Territory.objects.create(
        level="commune",
        code="31555",
        name="Toulouse",
        postal_codes="31000",
        latitude=43.6045,
        longitude=1.444,
    )
    meeting = factories.meeting(
        index,
        "Rencontre du club ESS Occitanie : l'ESS, moteur des territoires",
        summary="Une journée du club : plénière le matin, deux visites apprenantes l'après-midi.",
        date=timezone.localdate() + datetime.timedelta(days=21),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(16, 30),
        venue="Le Périscope",
        address="12 rue des Arts",
        commune=toulouse,
    )
    get_user_model().objects.create_superuser("organisation", "orga@example.org", PASSWORD)
    browser.set_window_size(1280, 1000)

    # The editor opens registrations: two visits of 15 places.
    admin_login(browser, live_server.url, "organisation")
    browser.get(f"{live_server.url}/admin/pages/{meeting.pk}/edit/")
    Select(visible(browser, "#id_registration")).select_by_visible_text("Ouvertes")
    for number, title in enumerate(["Recyclerie Le Grenier", "Épicerie solidaire du Mirail"]):
        click(browser, "#id_sessions-ADD")
        visible(browser, f"#id_sessions-{number}-title").send_keys(title)
        browser.find_element(By.ID, f"id_sessions-{number}-capacity").send_keys("15")
        browser.find_element(By.ID, f"id_sessions-{number}-start_time").send_keys("14:00")
        browser.find_element(By.ID, f"id_sessions-{number}-end_time").send_keys("16:00")
    browser.execute_script(
        "document.getElementById('id_sessions-1-title').scrollIntoView({block: 'center'})"
    )
    shot(browser, "editor-sessions")
    publish = browser.find_element(By.CSS_SELECTOR, "button[name='action-publish']")
    browser.execute_script("arguments[0].click();", publish)
    wait_for(
        lambda: (
            MeetingReportPage.objects.get(pk=meeting.pk).registration == "open"
            and MeetingReportPage.objects.get(pk=meeting.pk).live
            and MeetingReportPage.objects.get(pk=meeting.pk).sessions.count() == 2
        ),
        timeout=30,
        message="the published meeting with its two visits",
    )
    meeting = MeetingReportPage.objects.get(pk=meeting.pk)
    visit, other = meeting.sessions.all()
    assert (visit.title, visit.capacity, other.capacity) == ("Recyclerie Le Grenier", 15, 15)

    # The public sees it announced: the home page's next meetings and the agenda (desktop).
    browser.get(f"{live_server.url}/")
    assert meeting.title in visible(browser, "#h-agenda").find_element(By.XPATH, "..").text
    shot(browser, "desktop-home")
    browser.get(f"{live_server.url}/agenda/")
    assert meeting.title in visible(browser, ".agenda-list").text
    shot(browser, "desktop-agenda")

    # 14 people already hold a place in the first visit.
    for n in range(14):
        r = Registration.objects.create(
            meeting=meeting,
            first_name=f"Personne{n}",
            last_name=f"Inscrite{n:02d}",
            email=f"p{n}@exemple.fr",
            requested_sessions=[visit.pk],
            role="Agent",
        )
        booking.confirm(r.pk)

    # The officer, on a phone, finds the meeting in the agenda and registers for the first visit.
    browser.delete_all_cookies()
    browser.set_window_size(390, 844)
    browser.get(f"{live_server.url}/agenda/")
    visible(browser, "h1")
    shot(browser, "phone-agenda")
    axe = axe_source()
    assert serious_violations(browser, axe) == []
    click(browser, f"a[href='{meeting.url}']")
    visible(browser, "#inscription")
    assert "1 sur 15" in browser.find_element(By.CSS_SELECTOR, ".reg-places").text
    assert browser.find_element(By.CSS_SELECTOR, ".resource-header .meta").text.startswith(
        "Rencontre à venir · "
    )
    assert (
        "À venir" in browser.find_element(By.CSS_SELECTOR, ".reg-upcoming").text
    )  # registrations' stylesheet too
    assert (
        browser.find_element(By.CSS_SELECTOR, ".reg-upcoming").value_of_css_property("font-weight")
        == "600"
    )
    assert serious_violations(browser, axe) == []
    full_shot(browser, "phone-meeting-upcoming")
    browser.set_window_size(390, 844)
    browser.find_element(By.ID, "id_first_name").send_keys("Camille")
    browser.find_element(By.ID, "id_last_name").send_keys("Durand")
    browser.find_element(By.ID, "id_email").send_keys("pas-une-adresse")
    browser.find_element(By.ID, "id_organisation").send_keys("Mairie d'Exemple")
    browser.find_element(By.ID, "id_role").send_keys("Chargée de mission ESS")
    click(browser, f"input[name=sessions][value='{visit.pk}']")
    browser.find_element(By.ID, "id_dietary_needs").send_keys("végétarien")
    click(browser, "#id_listed")
    click(browser, ".reg-form button[type=submit]")
    error = wait_for(
        lambda: browser.find_elements(By.ID, "id_email-error"), message="the French error"
    )[0]
    assert "n'est pas valide" in error.text
    shot(browser, "phone-error")
    email = browser.find_element(By.ID, "id_email")
    email.clear()
    email.send_keys(OFFICER)
    click(browser, ".reg-form button[type=submit]")
    wait_for(
        lambda: "Vérifiez votre messagerie" in browser.find_element(By.TAG_NAME, "h1").text,
        message="the « check your mail » page",
    )
    shot(browser, "phone-check-mail")

    request = wait_for(
        lambda: smtp_server.received("Confirmez votre inscription"),
        message="the request",
        log=task_worker,
    )[0]
    link = re.search(r"http://localhost/inscriptions/confirmer/[^/\s]+/", text_of(request)).group(0)
    browser.get(live_server.url + urlsplit(link).path)
    click(browser, "main form button[type=submit]")
    wait_for(
        lambda: "Inscription confirmée" in browser.find_element(By.TAG_NAME, "h1").text,
        message="the confirmed page",
    )
    assert (
        "Place réservée : Recyclerie Le Grenier" in browser.find_element(By.TAG_NAME, "main").text
    )
    shot(browser, "phone-confirmed")
    confirmed = wait_for(
        lambda: smtp_server.received("Inscription confirmée"),
        message="the confirmation",
        log=task_worker,
    )[0]
    assert str(confirmed["To"]).strip() == OFFICER
    (ics,) = [p for p in confirmed.iter_attachments() if p.get_content_type() == "text/calendar"]
    payload = ics.get_payload(decode=True)
    event = Calendar.from_ical(payload).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == meeting.title and event["DTSTART"].dt.hour == 9
    assert b"TZID:Europe/Paris" in payload
    assert "Places réservées : Recyclerie Le Grenier" in text_of(confirmed)

    # The 16th person for the visit is put on the waiting list.
    sixteenth = Registration.objects.create(
        meeting=meeting,
        first_name="Dominique",
        last_name="Seizième",
        email="seizieme@exemple.fr",
        requested_sessions=[visit.pk],
    )
    assert booking.confirm(sixteenth.pk).waiting == ["Recyclerie Le Grenier"]
    browser.get(live_server.url + meeting.url + "#inscription")
    places = visible(browser, ".reg-places").text
    assert "complet" in places and "1 en liste d'attente" in places
    browser.execute_script("document.getElementById('inscription').scrollIntoView()")
    shot(browser, "phone-full")

    # The officer cancels from the link of the e-mail: the 16th gets the place and an e-mail.
    manage = re.search(r"http://localhost/inscriptions/gerer/[^/\s]+/", text_of(confirmed)).group(0)
    browser.get(live_server.url + urlsplit(manage).path)
    visible(browser, "main form button[type=submit]")
    shot(browser, "phone-cancel")
    click(browser, "main form button[type=submit]")
    wait_for(
        lambda: "Inscription annulée" in browser.find_element(By.TAG_NAME, "h1").text,
        message="cancelled",
    )
    promoted = wait_for(
        lambda: smtp_server.received("Une place s'est libérée"),
        message="the promotion",
        log=task_worker,
    )
    assert [str(m["To"]).strip() for m in promoted] == ["seizieme@exemple.fr"]
    assert booking.seats_of(Registration.objects.get(pk=sixteenth.pk)).held == [
        "Recyclerie Le Grenier"
    ]

    # The organiser prints the attendance sheet from the admin.
    browser.set_window_size(1280, 1000)
    admin_login(browser, live_server.url, "organisation")
    browser.get(f"{live_server.url}/admin/inscriptions/")
    click(browser, f"a[href='/admin/inscriptions/{meeting.pk}/']")
    visible(browser, "a[href$='emargement.pdf']")
    full_shot(browser, "organiser-admin")
    browser.set_window_size(1280, 1000)
    href = browser.find_element(By.CSS_SELECTOR, "a[href$='emargement.pdf']").get_attribute("href")
    data = browser.execute_async_script(
        "const done = arguments[1]; fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => {"
        "let s = ''; new Uint8Array(b).forEach(c => s += String.fromCharCode(c)); done(btoa(s)); });",
        href,
    )
    pdf = base64.b64decode(data)
    assert pdf.startswith(b"%PDF")
    from pypdfium2 import PdfDocument

    document = PdfDocument(pdf)
    first = document[0]
    text = first.get_textpage().get_text_range()
    assert "Feuille d'émargement" in text and "Recyclerie Le Grenier" in text and "Seizième" in text
    assert "Durand" not in text  # cancelled
    first.render(scale=1.5).to_pil().save(SHOTS / "registration-attendance-sheet.png")

    # After the date: the same address shows the report, no registration form.
    MeetingReportPage.objects.filter(pk=meeting.pk).update(
        date=timezone.localdate() - datetime.timedelta(days=1), participants=29
    )
    browser.get(live_server.url + meeting.url)
    visible(browser, "h1")
    assert not browser.find_elements(By.ID, "inscription")
    assert "Participants" in browser.find_element(By.TAG_NAME, "main").text
    full_shot(browser, "report-after-the-date")
