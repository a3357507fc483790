"""Issue 23, item 8 in Chromium: an editor opens a meeting report and reads, in each of the three places where a
document can be attached, what that place is for (« Document principal »: the resource itself; the « Documents »
tab: annexes and supports listed under the content; « Ressources »: a labelled item of the meeting's list, in its
order, down to the « Document » block); adds a real slide deck (.odp) as a « Document » item of « Ressources »,
uploaded through the chooser, and publishes. A visitor then sees that item, in its place, with « Lire dans le
site » and « Télécharger », and « Lire dans le site » opens the deck's page with its viewer, as for the main
document. Screenshots in var/screenshots/ (desktop and phone widths); axe-core finds nothing serious.

The deck: corpus/LibreOfficeImpress_odp_1.3.odp (apache/tika, tika-parser-miscoffice-module test documents,
Apache-2.0; 2 slides), see /work/shared/corpus/MANIFEST.tsv."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from selenium.webdriver.common.by import By

from home.demo.documents import make_pdf
from resources import derived
from resources.document_urls import document_page_url
from resources.models import MeetingReportPage, ResourceDocument
from testing import factories
from tests.helpers.axe import axe_source, serious_violations
from tests.helpers.browser import (
    PASSWORD,
    add_stream_block,
    admin_login,
    click,
    publish_in_editor,
    visible,
    wait,
)
from tests.helpers.waiting import wait_for

SHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots"
DECK = "LibreOfficeImpress_odp_1.3.odp"
LABEL = "Diaporama de l'atelier « Achats responsables »"
PHONE = (390, 844)
DESKTOP = (1280, 1000)


def content(tmp_path: Path) -> MeetingReportPage:
    """A published meeting report with its main document, an annex and one item in « Ressources »."""
    index = factories.site_tree()
    report = tmp_path / "compte-rendu-club.pdf"
    report.write_bytes(make_pdf("Compte rendu du club", [["Achats responsables à Ramonville."]]))
    annex = tmp_path / "liste-participants.pdf"
    annex.write_bytes(make_pdf("Liste des participants", [["Collectivités et réseaux présents."]]))
    return factories.meeting(
        index,
        "Club des achats responsables",
        summary="Rencontre du club à Ramonville.",
        date=date(2024, 3, 14),
        main_document=factories.document(report, title="Compte rendu du club"),
        documents=[factories.document(annex, title="Liste des participants")],
        resource_links=[
            (
                "external",
                {
                    "label": "Guide du RTES sur la commande publique",
                    "url": "https://example.org/guide",
                },
            )
        ],
    )


def help_text(driver, css: str) -> str:
    element = visible(driver, css)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    return " ".join(element.text.split())


def viewer_shown(driver) -> bool:
    return bool(
        driver.execute_script(
            "const root = document.querySelector('[data-pdf-viewer]');"
            "return root && root.dataset.shownPage === '1' && !root.classList.contains('has-failed')"
            " && root.querySelector('canvas') && root.querySelector('canvas').width > 100;"
        )
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_adds_a_deck_to_the_resources_and_a_visitor_reads_it_in_the_site(
    browser, live_server, tmp_path, settings, corpus_dir, task_worker
):
    # No `media_root` fixture: in full mode the Celery worker reads uploads from the run's media folder.
    driver = browser
    SHOTS.mkdir(parents=True, exist_ok=True)
    settings.WAGTAIL_AUTOSAVE_INTERVAL = (
        0  # see test_editor_dpv_journey: autosave is not what this checks
    )
    page = content(tmp_path)
    call_command("set_site_address", url=live_server.url, stdout=io.StringIO())
    get_user_model().objects.create_superuser("redaction", "redaction@example.org", PASSWORD)
    driver.set_window_size(*DESKTOP)
    admin_login(driver, live_server.url, "redaction")
    driver.get(f"{live_server.url}/admin/pages/{page.pk}/edit/")

    # Each place says what it is for, in French, where the editor attaches the document.
    main = help_text(driver, "#panel-child-contenu-child-main_document-helptext")
    assert "la ressource elle-même" in main and "onglet « Documents »" in main, main
    driver.save_screenshot(str(SHOTS / "editor-documents-1-main-document-help.png"))
    resources = help_text(driver, "#panel-child-contenu-child-resource_links-helptext")
    for words in ("La liste « Ressources »", "dans l'ordre choisi ici", "avec son libellé"):
        assert words in resources, resources
    assert "« Lire dans le site » et « Télécharger »" in resources, resources

    # The deck, added as a « Document » item after the guide and uploaded through the chooser.
    add_stream_block(driver, "[data-contentpath='resource_links']", "Document")
    block_help = help_text(driver, "[data-contentpath='resource_links'] .c-sf-help .help")
    assert "présenté par son libellé à cette place de la liste" in block_help, block_help
    visible(driver, "#resource_links-1-value-label").send_keys(LABEL)
    driver.save_screenshot(str(SHOTS / "editor-documents-2-resources-help.png"))
    click(driver, "#resource_links-1-value-document-chooser .unchosen [data-chooser-action-choose]")
    click(driver, ".modal #tab-label-upload")
    visible(driver, ".modal form[data-chooser-modal-creation-form]")
    driver.find_element(
        By.CSS_SELECTOR, ".modal input[name='document-chooser-upload-file']"
    ).send_keys(str(corpus_dir / DECK))
    title = driver.find_element(
        By.CSS_SELECTOR, ".modal input[name='document-chooser-upload-title']"
    )
    wait(driver).until(lambda d: title.get_attribute("value"))
    title.clear()
    title.send_keys("Diaporama achats responsables")
    click(driver, ".modal form[data-chooser-modal-creation-form] button[type=submit]")
    wait(driver, 60).until(
        lambda d: (
            "Diaporama achats responsables"
            in d.find_element(By.ID, "resource_links-1-value-document-chooser").text
        )
    )
    wait(driver).until(
        lambda d: not [m for m in d.find_elements(By.CSS_SELECTOR, ".modal") if m.is_displayed()]
    )
    driver.execute_script(
        "document.getElementById('resource_links-1-value-document-chooser')"
        ".scrollIntoView({block: 'center'});"
    )
    driver.save_screenshot(str(SHOTS / "editor-documents-3-deck-chosen.png"))

    # The « Documents » tab: annexes and supports, listed under the content.
    click(driver, "#tab-label-documents")
    tab = help_text(driver, "#tab-documents .help-block")
    assert "annexes, diaporamas et supports" in tab and "listés sous le contenu" in tab, tab
    assert "n'y est pas répété" in tab, tab
    driver.save_screenshot(str(SHOTS / "editor-documents-4-documents-tab-help.png"))
    # On a phone, the help of « Ressources » and of its « Document » item still reads beside the fields.
    click(driver, "#tab-label-contenu")
    driver.set_window_size(*PHONE)
    block_help = visible(driver, "[data-contentpath='resource_links'] .c-sf-help .help")

    def in_view(
        d,
    ) -> bool:  # the resized page lays itself out again: scroll until the help is on screen
        d.execute_script("arguments[0].scrollIntoView({block: 'center'});", block_help)
        return d.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "return r.top >= 0 && r.bottom <= window.innerHeight;",
            block_help,
        )

    wait(driver).until(in_view)
    driver.save_screenshot(str(SHOTS / "editor-documents-5-resources-help-phone.png"))
    driver.set_window_size(*DESKTOP)

    publish_in_editor(driver, SHOTS / "editor-documents-publish-failed.png")
    page = MeetingReportPage.objects.get(pk=page.pk)
    assert [b.block_type for b in page.resource_links] == ["external", "document"]
    deck = ResourceDocument.objects.get(title="Diaporama achats responsables")
    try:
        wait_for(
            lambda: derived.derived_pdf(ResourceDocument.objects.get(pk=deck.pk)),
            timeout=120,
            message="the deck converted to PDF",
            log=task_worker,
        )

        # A visitor: the deck in its place in « Ressources », to read in the site or to download.
        driver.delete_all_cookies()
        driver.get(f"{live_server.url}{page.url}")
        section = visible(driver, "section[aria-labelledby='h-res']")
        items = section.find_elements(By.CSS_SELECTOR, ".resource-links li")
        assert [i.text.split(" (")[0].split(" · ")[0] for i in items] == [
            "Guide du RTES sur la commande publique",
            LABEL,
        ], [i.text for i in items]
        item = items[1]
        links = {  # the name each link shows (the rest is for screen readers: « Lire dans le site « … » »)
            a.text.split("\n")[0]: a.get_attribute("href")
            for a in item.find_elements(By.TAG_NAME, "a")
        }
        reading = f"{live_server.url}{document_page_url(deck.pk, deck.title)}"
        assert links == {
            "Lire dans le site": reading,
            "Télécharger": f"{live_server.url}{deck.url}",
        }, links
        assert "(ODP, 2 diapositives)" in item.text, item.text
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", section)
        driver.save_screenshot(str(SHOTS / "visitor-documents-1-resources.png"))
        assert serious_violations(driver, axe_source()) == []
        driver.set_window_size(*PHONE)
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", section)
        assert driver.execute_script("return document.documentElement.scrollWidth") <= PHONE[0]
        driver.save_screenshot(str(SHOTS / "visitor-documents-2-resources-phone.png"))

        # « Lire dans le site »: the deck's page with the viewer, as the main document has.
        read = item.find_element(By.PARTIAL_LINK_TEXT, "Lire dans le site")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", read)
        read.click()
        wait(driver).until(lambda d: d.current_url == reading)
        assert visible(driver, "h1").text == "Diaporama achats responsables"
        assert (
            "Club des achats responsables" in driver.find_element(By.CSS_SELECTOR, "dl.facts").text
        )
        wait_for(lambda: viewer_shown(driver), timeout=30, message="the deck in the viewer (phone)")
        assert driver.execute_script("return document.documentElement.scrollWidth") <= PHONE[0]
        driver.save_screenshot(str(SHOTS / "visitor-documents-3-deck-page-phone.png"))
        driver.execute_script(
            "document.querySelector('[data-pdf-viewer]').scrollIntoView({block: 'start'});"
        )
        driver.save_screenshot(str(SHOTS / "visitor-documents-3b-deck-viewer-phone.png"))
        driver.set_window_size(*DESKTOP)
        driver.refresh()
        wait_for(lambda: viewer_shown(driver), timeout=30, message="the deck in the viewer")
        driver.execute_script(
            "document.querySelector('[data-pdf-viewer]').scrollIntoView({block: 'start'});"
        )
        driver.save_screenshot(str(SHOTS / "visitor-documents-4-deck-viewer.png"))
        assert serious_violations(driver, axe_source()) == []

        # The main document reaches the same kind of page, from its own « Lire dans le site ».
        driver.get(f"{live_server.url}{page.url}")
        head = visible(driver, "p.download")
        main_read = head.find_element(By.PARTIAL_LINK_TEXT, "Lire dans le site")
        assert main_read.get_attribute("href") == (
            f"{live_server.url}{document_page_url(page.main_document.pk, page.main_document.title)}"
        )
        others = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby='h-docs']").text
        assert "Liste des participants" in others and "Diaporama" not in others
    finally:
        derived.delete_derived(deck.pk)
