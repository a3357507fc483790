"""In a real browser: an editor logs in, creates a meeting report with a speaker and a PDF, publishes it; a
reader finds it on the public site and in the feed, and Wagtail's accessibility checker finds no issue."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from actors.models import Organisation, Person
from home.demo.documents import make_pdf
from resources.models import MeetingReportPage
from testing import factories
from tests.helpers.axe import checker_count
from tests.helpers.browser import PASSWORD, click, visible, wait


def choose_in_modal(driver, text: str) -> None:
    """Clicks the row named `text` in the chooser modal that just opened."""
    visible(driver, ".modal.show, .modal[open], [data-chooser-modal], .modal-dialog")
    link = wait(driver).until(
        EC.element_to_be_clickable(
            (
                By.XPATH,
                f"//div[contains(@class,'modal')]//a[contains(normalize-space(.), '{text}')]",
            )
        )
    )
    link.click()
    wait(driver).until(EC.invisibility_of_element_located((By.CSS_SELECTOR, ".modal.show")))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_publishes_a_meeting_with_a_speaker_and_a_pdf(
    browser, live_server, media_root, tmp_path, settings
):
    started = time.monotonic()
    driver = browser
    if connection.vendor == "sqlite":
        # The test database lives in memory, shared between the live server's threads: SQLite refuses a write
        # while another thread writes (no waiting, unlike a database file), so the editor's background autosave
        # would make the upload fail at random. PostgreSQL (full mode) keeps autosave on.
        settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    index = factories.site_tree()
    get_user_model().objects.create_superuser("redaction", "redaction@example.org", PASSWORD)
    cress = Organisation.objects.create(name="CRESS Occitanie", category="network")
    Person.objects.create(
        name="André Ducournau", position="Président de la CRESS Occitanie", organisation=cress
    )
    pdf = tmp_path / "programme-club-occitanie.pdf"
    pdf.write_bytes(make_pdf("Programme du club", [["Visites apprenantes et ateliers."]]))

    # Log into the admin (in French).
    driver.get(f"{live_server.url}/admin/login/")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    visible(driver, "#id_username").send_keys("redaction")
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    visible(driver, "main")

    # Create a meeting report under the resource listing.
    driver.get(f"{live_server.url}/admin/pages/add/resources/meetingreportpage/{index.pk}/")
    visible(driver, "#id_title").send_keys("Rencontre du club au Périscope")
    driver.find_element(By.ID, "id_summary").send_keys("Deux visites apprenantes et deux ateliers.")
    driver.find_element(By.ID, "id_venue").send_keys("Le Périscope")

    # A speaker, chosen from the people directory.
    click(driver, "#id_speakers-ADD")
    click(driver, "#id_speakers-0-person-chooser .unchosen [data-chooser-action-choose]")
    choose_in_modal(driver, "André Ducournau")
    driver.find_element(By.ID, "id_speakers-0-role").send_keys("Accueil des participants")

    # The PDF, uploaded from the document chooser as the main document.
    click(driver, "#id_main_document-chooser .unchosen [data-chooser-action-choose]")
    click(driver, ".modal #tab-label-upload")
    visible(driver, ".modal form[data-chooser-modal-creation-form]")
    driver.find_element(
        By.CSS_SELECTOR, ".modal input[name='document-chooser-upload-file']"
    ).send_keys(str(pdf))
    upload_title = driver.find_element(
        By.CSS_SELECTOR, ".modal input[name='document-chooser-upload-title']"
    )
    wait(driver).until(
        lambda d: upload_title.get_attribute("value")
    )  # Wagtail fills it from the file name
    upload_title.clear()
    upload_title.send_keys("Programme du club (PDF)")
    click(driver, ".modal form[data-chooser-modal-creation-form] button[type=submit]")
    wait(driver).until(
        lambda d: d.find_element(By.ID, "id_main_document-title").text == "Programme du club (PDF)"
    )

    # Publish (the action sits in the footer's dropdown).
    publish = driver.find_element(By.CSS_SELECTOR, "button[name='action-publish']")
    driver.execute_script("arguments[0].click();", publish)
    try:
        wait(driver, 20).until(lambda d: "/admin/pages/add/" not in d.current_url)
    except TimeoutException:
        errors = [
            e.text for e in driver.find_elements(By.CSS_SELECTOR, ".error-message, .help-critical")
        ]
        pytest.fail(f"Publishing failed: {errors}")

    page = MeetingReportPage.objects.get(title="Rencontre du club au Périscope")
    assert page.live
    assert [s.person.name for s in page.speakers.all()] == ["André Ducournau"]
    assert page.main_document.title == "Programme du club (PDF)"

    # A reader finds it on the public site…
    driver.get(f"{live_server.url}/ressources/")
    click(driver, f"a[href='{page.url}']")
    visible(driver, "h1")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Rencontre du club au Périscope"
    body = driver.find_element(By.TAG_NAME, "main").text
    assert "André Ducournau" in body and "Accueil des participants" in body
    link = driver.find_element(By.CSS_SELECTOR, ".download a")
    assert link.get_attribute("href").endswith(".pdf")

    # … where the editor's accessibility checker (Wagtail's userbar, axe-core) finds no issue.
    count, names = checker_count(driver)
    assert count == "0", names

    # … and in the feed.
    driver.get(f"{live_server.url}/flux/ressources.xml")
    assert "Rencontre du club au Périscope" in driver.page_source
    assert f"/r/{page.pk}/" in driver.page_source
    assert time.monotonic() - started < 60
