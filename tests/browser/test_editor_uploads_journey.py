"""In a real browser: an editor uploads three files at once (a report whose PDF carries its title, a corrupt PDF,
a PDF protected by a password); the upload screen and the document list say which could not be read, the report
takes the title written in its file, and a visitor sees no broken image and no viewer for the corrupt one (axe-core:
no serious or critical violation). Screenshots in var/screenshots/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from selenium.webdriver.common.by import By

from home.demo.documents import make_pdf
from resources.models import ResourceDocument
from testing import factories
from tests.helpers.axe import axe_source, serious_violations
from tests.helpers.browser import PASSWORD, admin_login, visible, wait
from tests.helpers.waiting import wait_for

SHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots"
TITLE = "Compte rendu du club des achats responsables"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_sees_unreadable_uploads_and_file_titles(
    browser, live_server, tmp_path, corpus_dir, task_worker
):
    driver = browser
    SHOTS.mkdir(parents=True, exist_ok=True)
    index = factories.site_tree()
    get_user_model().objects.create_superuser("redaction", "redaction@example.org", PASSWORD)
    report = tmp_path / "compte-rendu-club-achats-responsables-2026.pdf"
    report.write_bytes(make_pdf(TITLE, [["Clauses sociales et achats responsables."]]))
    files = [report]
    for name in ("invalid.pdf", "libreoffice-writer-password.pdf"):
        shutil.copy(corpus_dir / name, tmp_path / name)
        files.append(tmp_path / name)

    admin_login(driver, live_server.url, "redaction")

    driver.get(f"{live_server.url}/admin/documents/multiple/add/")
    driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(
        "\n".join(str(f) for f in files)
    )
    statuses = "#upload-list [data-extraction-status]"
    wait(driver, 60).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, statuses)) == 3)
    upload_text = driver.find_element(By.ID, "upload-list").text
    assert "Transfert réussi" not in upload_text
    assert upload_text.count("Extraction du texte") == 3
    driver.save_screenshot(str(SHOTS / "editor-multiple-upload-status.png"))
    if (
        task_worker is None
    ):  # in-process extraction has already run: the form shows the title read in the file
        inputs = driver.find_elements(By.CSS_SELECTOR, "#upload-list input[name$='-title']")
        titles = [e.get_attribute("value") for e in inputs]
        assert TITLE in titles, titles

    wait_for(
        lambda: (
            not ResourceDocument.objects.filter(
                extraction_status__in=["pending", "running"]
            ).exists()
        ),
        message="the three extractions",
        log=task_worker,
    )
    driver.get(f"{live_server.url}/admin/documents/")
    listing = visible(driver, "main table").text
    assert "Extraction du texte" in listing
    assert TITLE in listing and "Texte extrait" in listing
    assert listing.count("Échec") == 2 and "mot de passe" in listing
    driver.save_screenshot(str(SHOTS / "editor-document-list-status.png"))
    assert ResourceDocument.objects.filter(title=TITLE).exists()

    # A visitor: the corrupt PDF attached as a main document gives no broken image and no viewer.
    corrupt = ResourceDocument.objects.get(file__contains="invalid")
    page = factories.meeting(
        index, "Rencontre au Périscope", documents=[corrupt], main_document=corrupt, featured=True
    )
    for path, shot in (
        ("/", "visitor-home-unreadable-document.png"),
        (page.url, "visitor-page-unreadable.png"),
        (corrupt.get_absolute_url(), "visitor-document-unreadable.png"),
    ):
        driver.get(f"{live_server.url}{path}")
        visible(driver, "main")
        broken = driver.execute_script(
            "return [...document.images].filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)"
        )
        assert broken == [], (path, broken)
        assert not driver.find_elements(By.CSS_SELECTOR, "a[href*='/lecture/']"), path
        driver.save_screenshot(str(SHOTS / shot))
        assert serious_violations(driver, axe_source()) == [], path
    assert "il n'a pas pu être lu" in driver.find_element(By.TAG_NAME, "main").text
    driver.set_window_size(390, 844)
    driver.get(f"{live_server.url}{corrupt.get_absolute_url()}")
    visible(driver, "main")
    driver.save_screenshot(str(SHOTS / "visitor-document-unreadable-phone.png"))
