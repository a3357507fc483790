"""In a real browser: an editor creates a Fiche DPV, chooses its territory by typing "Sicoval", uploads a PDF
and attaches a scan whose text could not be read, sees each extraction status and the warning, publishes and
opens the public page. Screenshots in var/screenshots/."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By

from home.demo.documents import make_pdf
from resources.document_extraction import extract_document
from resources.models import LearningVisitPage, ResourceDocument
from taxonomy.models import Territory
from testing import factories
from tests.helpers.browser import (
    PASSWORD,
    admin_login,
    click,
    publish_in_editor,
    visible,
    wait,
)
from tests.helpers.extraction_samples import make_mixed_pdf

SHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots"


def territories() -> None:
    region = Territory.objects.create(level="region", code="76", name="Occitanie")
    department = Territory.objects.create(
        level="department", code="31", name="Haute-Garonne", parent=region
    )
    epci = Territory.objects.create(
        level="epci", code="243100633", name="CA du Sicoval", parent=department
    )
    Territory.objects.create(
        level="commune",
        code="31446",
        name="Ramonville-Saint-Agne",
        parent=epci,
        postal_codes="31520",
    )
    for n in range(300):  # communes first in the table would hide the EPCI without a search
        Territory.objects.create(
            level="commune", code=f"31{n:03d}", name=f"Commune {n:03d}", parent=department
        )


def modal_row(driver, text: str, *, alone: bool = False):
    """The chooser modal's row containing `text` (the only row if `alone`), once the results have settled."""

    def find(d):
        try:
            rows = d.find_elements(By.CSS_SELECTOR, ".modal tbody tr")
            matching = [r for r in rows if text in r.text]
            return matching[0] if matching and (not alone or len(rows) == 1) else None
        except StaleElementReferenceException:
            return None

    return wait(driver).until(find)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_creates_a_dpv_sheet_with_territory_and_documents(
    browser, live_server, tmp_path, settings, task_worker
):
    # No `media_root` fixture: in full mode the Celery worker reads uploads from the run's media folder.
    driver = browser
    SHOTS.mkdir(parents=True, exist_ok=True)
    # No autosave: a background save racing the publish click left the editor on the edit form in CI (full
    # stack); autosave is not what this journey checks (and in-memory SQLite cannot take it, see
    # test_publish_meeting).
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    index = factories.site_tree()
    call_command(
        "set_site_address", url=live_server.url, stdout=io.StringIO()
    )  # as `make run` does
    territories()
    get_user_model().objects.create_superuser("redaction", "redaction@example.org", PASSWORD)
    # A scan already in the library, read while OCR was unavailable on the server.
    settings.MAILLAGE_EXTRACTION = {**settings.MAILLAGE_EXTRACTION, "OCR": False}
    scan = factories.document(
        make_mixed_pdf(tmp_path / "bilan-scanne.pdf", "", ["Bilan annuel"]),
        title="Bilan scanné de la recyclerie",
    )
    # In full mode the worker (OCR on) extracts the upload first; then it is read again here without OCR.
    wait(driver, 60).until(
        lambda d: (
            ResourceDocument.objects.get(pk=scan.pk).extraction_status not in ("pending", "running")
        )
    )
    assert extract_document(scan.pk) == "no_text"
    pdf = tmp_path / "fiche-recyclerie.pdf"
    pdf.write_bytes(make_pdf("Fiche recyclerie", [["Réemploi et insertion à Ramonville."]]))

    admin_login(driver, live_server.url, "redaction")

    driver.get(f"{live_server.url}/admin/pages/add/resources/learningvisitpage/{index.pk}/")
    visible(driver, "#id_title").send_keys("La recyclerie du Sicoval")
    driver.find_element(By.ID, "id_summary").send_keys("Visite d'une recyclerie d'insertion.")

    # The territory: the button reads in French; typing "Sicoval" finds the EPCI, labelled as such.
    click(driver, "#tab-label-classement")
    button = visible(driver, "#id_page_territories-OPEN_MODAL")
    assert button.text.strip() == "Ajouter des territoires"
    click(driver, "#id_page_territories-OPEN_MODAL")
    search = visible(driver, ".modal input[name='q']")
    search.send_keys("Sicoval")
    row = modal_row(driver, "CA du Sicoval", alone=True)
    assert "EPCI" in row.text and "243100633" in row.text
    driver.save_screenshot(str(SHOTS / "editor-territory-chooser-sicoval.png"))
    row.find_element(By.CSS_SELECTOR, "input[type=checkbox]").click()
    click(driver, ".modal [data-multiple-choice-submit]")
    wait(driver).until(
        lambda d: "CA du Sicoval" in d.find_element(By.ID, "id_page_territories-FORMS").text
    )

    # The PDF, uploaded from the document chooser as the main document.
    click(driver, "#tab-label-contenu")
    click(driver, "#id_main_document-chooser .unchosen [data-chooser-action-choose]")
    visible(driver, ".modal tbody tr")
    assert "Extraction du texte" in driver.find_element(By.CSS_SELECTOR, ".modal").text
    assert "Texte non lu : OCR indisponible" in driver.find_element(By.CSS_SELECTOR, ".modal").text
    driver.save_screenshot(str(SHOTS / "editor-document-chooser-status.png"))
    click(driver, ".modal #tab-label-upload")
    visible(driver, ".modal form[data-chooser-modal-creation-form]")
    driver.find_element(
        By.CSS_SELECTOR, ".modal input[name='document-chooser-upload-file']"
    ).send_keys(str(pdf))
    title = driver.find_element(
        By.CSS_SELECTOR, ".modal input[name='document-chooser-upload-title']"
    )
    wait(driver).until(lambda d: title.get_attribute("value"))
    title.clear()
    title.send_keys("Fiche de la recyclerie (PDF)")
    click(driver, ".modal form[data-chooser-modal-creation-form] button[type=submit]")
    wait(driver).until(
        lambda d: (
            d.find_element(By.ID, "id_main_document-title").text == "Fiche de la recyclerie (PDF)"
        )
    )

    # The scan, attached as another document.
    click(driver, "#tab-label-documents")
    click(driver, "#id_attached_documents-OPEN_MODAL")
    row = modal_row(driver, "Bilan scanné")
    row.find_element(By.CSS_SELECTOR, "input[type=checkbox]").click()
    click(driver, ".modal [data-multiple-choice-submit]")
    wait(driver).until(
        lambda d: "Bilan scanné" in d.find_element(By.ID, "id_attached_documents-FORMS").text
    )

    # Saving the draft warns about the scan without blocking.
    save = driver.find_element(By.CSS_SELECTOR, "button.action-save")
    driver.execute_script("arguments[0].click();", save)
    warning = wait(driver, 20).until(
        lambda d: next(
            (
                m
                for m in d.find_elements(By.CSS_SELECTOR, ".messages li")
                if "Bilan scanné" in m.text
            ),
            None,
        )
    )
    assert "Texte non lu : OCR indisponible" in warning.text and "peut être publiée" in warning.text
    driver.save_screenshot(str(SHOTS / "editor-unread-document-warning.png"))

    # Publish.
    publish_in_editor(driver, SHOTS / "editor-publish-failed.png")
    page = LearningVisitPage.objects.get(title="La recyclerie du Sicoval")
    assert page.live
    assert [t.territory.name for t in page.page_territories.all()] == ["CA du Sicoval"]

    # The uploaded PDF's status on its edit page, once the background extraction has run.
    document = ResourceDocument.objects.get(title="Fiche de la recyclerie (PDF)")
    url = f"{live_server.url}/admin/documents/edit/{document.pk}/"

    def extracted(d) -> bool:
        d.get(url)
        return (
            "Texte extrait — 1 page"
            in d.find_element(By.CSS_SELECTOR, "[data-extraction-status]").text
        )

    wait(driver, 60).until(extracted)
    driver.save_screenshot(str(SHOTS / "editor-document-status.png"))

    # The public page, then its address as an editor copies it into a newsletter, opened afresh.
    driver.get(f"{live_server.url}{page.url}")
    assert visible(driver, "h1").text == "La recyclerie du Sicoval"
    assert "CA du Sicoval" in driver.find_element(By.TAG_NAME, "main").text
    driver.save_screenshot(str(SHOTS / "editor-dpv-public-page.png"))
    address = driver.find_element(By.CSS_SELECTOR, ".permalink a").text
    assert address == f"{live_server.url}/ressources/la-recyclerie-du-sicoval/"
    driver.delete_all_cookies()
    driver.get(address)
    assert visible(driver, "h1").text == "La recyclerie du Sicoval"
