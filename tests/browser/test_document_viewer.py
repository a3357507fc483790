"""Issue 13 in Chromium: a phrase on page 12 of a real PDF is found, the passage opens the site's viewer (PDF.js)
at page 12 with the words highlighted, under the Content-Security-Policy, on a desktop and on a phone; a private
document's page and viewer are refused to a visitor. Screenshots in var/screenshots/."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from wagtail.models import PageViewRestriction

from resources.document_urls import document_page_url
from resources.models import ExtractionStatus, ResourceDocument
from testing import factories
from tests.helpers.axe import axe_source, serious_violations
from tests.helpers.browser import RECORDER, violations
from tests.helpers.waiting import wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PHRASE = '"trace recording statistics"'  # only on page 12 of tracemonkey.pdf (Figure 13's caption)


def _viewer_state(browser) -> dict:
    return browser.execute_script("""
        const root = document.querySelector('[data-pdf-viewer]');
        const marks = [...root.querySelectorAll('.textLayer .highlight')].map(m => m.textContent);
        return {shown: root.dataset.shownPage || null, marks, failed: root.classList.contains('has-failed'),
                status: root.querySelector('[data-role="match-status"]').textContent,
                selected: root.querySelectorAll('.textLayer .highlight.selected').length,
                focused: (root.querySelector('.textLayer .highlight.selected') || {}).textContent || '',
                canvas: root.querySelector('canvas').width, overflow: document.documentElement.scrollWidth};
    """)


def test_phrase_on_page_12_opens_the_viewer_there_with_the_words_highlighted(
    live_server, browser, corpus_dir, search_backend, task_worker
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
    index = factories.site_tree()
    document = factories.document(corpus_dir / "tracemonkey.pdf", title="Compilation à la volée")
    wait_for(
        lambda: (
            ResourceDocument.objects.get(pk=document.pk).extraction_status == ExtractionStatus.DONE
        ),
        message="extraction",
        log=task_worker,
    )
    factories.meeting(index, "Rencontre sur les compilateurs", documents=[document])

    def passage_link_shown() -> bool:
        browser.get(f"{live_server.url}/recherche/?q={PHRASE}")
        return bool(browser.find_elements(By.CSS_SELECTOR, "a.where[href*='/lecture/?page=12']"))

    wait_for(
        passage_link_shown, timeout=90, interval=1, message="the page-12 passage on the search page"
    )
    # Beside the passage, the lazy image of page 12, served by the thumbnail view (PDFium).
    thumb = browser.find_element(By.CSS_SELECTOR, ".passage img.page-thumb")
    assert thumb.get_attribute("loading") == "lazy" and thumb.get_attribute("src").endswith(
        f"/{document.pk}/12.png"
    )
    wait_for(
        lambda: browser.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth", thumb
        ),
        message="the page-12 thumbnail beside the passage",
    )
    browser.save_screenshot(str(SHOTS / "viewer-1-search-results.png"))
    link = browser.find_element(By.CSS_SELECTOR, "a.where[href*='/lecture/?page=12']")
    assert link.text == "Page 12"
    link.click()

    wait_for(
        lambda: _viewer_state(browser)["shown"] == "12" and _viewer_state(browser)["marks"],
        timeout=30,
        message="the viewer at page 12 with highlights",
    )
    state = _viewer_state(browser)
    folded = {m.lower() for m in state["marks"]}
    assert {"recording", "statistics"} <= folded, state
    assert state["selected"] == 1 and not state["failed"] and state["canvas"] > 300
    # The passage's rarest word is the one selected first, not the page's many « trace ».
    assert state["focused"].lower() in ("recording", "statistics"), state
    assert violations(browser) == []
    assert "/lecture/?page=12" in browser.current_url
    browser.save_screenshot(str(SHOTS / "viewer-2-page-12-highlighted.png"))
    axe = axe_source()
    assert serious_violations(browser, axe) == []  # the viewer with its toolbar and text layer

    # Keyboard: next occurrence on the page, next page, back.
    stage = browser.find_element(By.ID, "pdf-stage")
    before = state["status"]
    stage.send_keys("n")
    wait_for(lambda: _viewer_state(browser)["status"] != before, message="next occurrence")
    assert _viewer_state(browser)["status"].startswith("Occurrence ")
    stage.send_keys(Keys.ARROW_RIGHT)
    wait_for(lambda: _viewer_state(browser)["shown"] == "13", message="page 13 by keyboard")
    assert "page=13" in browser.current_url  # the address follows, so a copied link reopens there
    stage.send_keys(Keys.ARROW_LEFT)
    wait_for(lambda: _viewer_state(browser)["shown"] == "12", message="back to page 12")
    wait_for(
        lambda: "dans le document" in _viewer_state(browser)["status"],
        message="occurrences counted",
    )

    # Zoom by key, a page typed in the toolbar, the previous occurrence by button, the download button.
    def zoom() -> str:
        return browser.find_element(By.CSS_SELECTOR, "[data-role='zoom']").text

    fitted = zoom()
    stage.send_keys("+")
    wait_for(
        lambda: zoom() != fitted and _viewer_state(browser)["shown"] == "12", message="zoomed in"
    )
    assert int(zoom().split()[0]) > int(fitted.split()[0]), (fitted, zoom())
    stage.send_keys("-")
    wait_for(lambda: zoom() == fitted, message="zoomed back out")
    before = _viewer_state(browser)["status"]
    browser.find_element(By.CSS_SELECTOR, "[data-action='prev-match']").click()
    wait_for(
        lambda: (
            _viewer_state(browser)["status"] != before and _viewer_state(browser)["selected"] == 1
        ),
        message="previous occurrence",
    )
    page_input = browser.find_element(By.CSS_SELECTOR, "[data-role='page-input']")
    for number in ("5", "12"):
        page_input.send_keys(
            Keys.CONTROL, "a"
        )  # as a reader does: select the number, type another, Enter
        page_input.send_keys(number, Keys.ENTER)
        wait_for(
            lambda n=number: (
                _viewer_state(browser)["shown"] == n and f"page={n}" in browser.current_url
            ),
            message=f"page {number} typed",
        )
    download = browser.find_element(By.CSS_SELECTOR, ".pdf-toolbar a[download]")
    assert download.get_attribute("href") == f"{live_server.url}{document.url}"

    # On a phone: the page fits the width, the toolbar wraps, nothing overflows sideways.
    browser.set_window_size(390, 844)
    browser.refresh()
    wait_for(
        lambda: _viewer_state(browser)["shown"] == "12" and _viewer_state(browser)["marks"],
        timeout=30,
        message="the viewer on a phone",
    )
    assert _viewer_state(browser)["overflow"] <= 390
    browser.save_screenshot(str(SHOTS / "viewer-3-phone.png"))
    browser.set_window_size(1280, 1000)

    # The document's own page: its facts, the first page's image, and the raw file still opens at #page=12.
    browser.get(f"{live_server.url}{document_page_url(document.pk, document.title)}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Compilation à la volée"
    facts = browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert "14 pages" in facts and "Rencontre sur les compilateurs" in facts
    wait_for(
        lambda: browser.execute_script(
            "return document.querySelector('.document-cover img').naturalWidth"
        ),
        message="the first page's thumbnail",
    )
    wait_for(
        lambda: _viewer_state(browser)["shown"] == "1",
        timeout=30,
        message="the page's viewer at page 1",
    )
    browser.save_screenshot(str(SHOTS / "viewer-4-document-page.png"))
    assert serious_violations(browser, axe) == []
    with urllib.request.urlopen(f"{live_server.url}{document.url}", timeout=10) as response:
        assert response.read(5) == b"%PDF-"
    assert violations(browser) == []


def test_slide_2_of_a_deck_opens_in_the_viewer(
    live_server, browser, corpus_dir, search_backend, task_worker
):
    """The deck is converted to PDF by LibreOffice after extraction; « Diapositive 2 » opens the viewer there."""
    from resources import derived

    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
    document = factories.document(corpus_dir / "testPPT.pptx", title="Présentation du réseau")
    factories.meeting(factories.site_tree(), "Rencontre du réseau", documents=[document])
    try:
        wait_for(
            lambda: derived.derived_pdf(ResourceDocument.objects.get(pk=document.pk)),
            timeout=120,
            message="the deck converted to PDF",
            log=task_worker,
        )

        def slide_link_shown() -> bool:
            browser.get(f"{live_server.url}/recherche/?q=Nistala")
            return bool(browser.find_elements(By.CSS_SELECTOR, "a.where[href*='/lecture/?page=2']"))

        wait_for(
            slide_link_shown,
            timeout=90,
            interval=1,
            message="the slide-2 passage on the search page",
        )
        link = browser.find_element(By.CSS_SELECTOR, "a.where[href*='/lecture/?page=2']")
        assert link.text == "Diapositive 2"
        link.click()
        wait_for(
            lambda: _viewer_state(browser)["shown"] == "2" and _viewer_state(browser)["marks"],
            timeout=30,
            message="the viewer at slide 2 with the word highlighted",
        )
        assert [m.lower() for m in _viewer_state(browser)["marks"]] == ["nistala"]
        assert browser.find_element(By.CSS_SELECTOR, ".pdf-page-label").text.startswith(
            "Diapositive"
        )
        assert violations(browser) == []
        browser.save_screenshot(str(SHOTS / "viewer-6-deck-slide-2.png"))
    finally:
        derived.delete_derived(document.pk)


def test_private_document_page_and_viewer_refused_to_a_visitor(
    live_server, browser, corpus_dir, media_root
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    document = factories.document(corpus_dir / "tracemonkey.pdf", title="Note interne")
    page = factories.meeting(factories.site_tree(), "Réunion du bureau", documents=[document])
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    url = document_page_url(document.pk, document.title)
    for address in (
        url,
        f"{url}lecture/?page=12&q=trace",
        document.url,
        f"/apercu/document/{document.pk}/1.png",
    ):
        # Refused: a 404, or the login page of the restricted page it belongs to (never the file or its viewer).
        try:
            with urllib.request.urlopen(f"{live_server.url}{address}", timeout=10) as response:
                assert "/_util/login/" in response.url, address
                assert not response.read(8).startswith((b"%PDF", b"\x89PNG")), address
        except urllib.error.HTTPError as refused:
            assert refused.code == 404, address
    browser.get(f"{live_server.url}{url}lecture/?page=12&q=trace")
    assert "Note interne" not in browser.page_source and not browser.find_elements(
        By.CSS_SELECTOR, "[data-pdf-viewer]"
    )
    browser.save_screenshot(str(SHOTS / "viewer-5-private-refused.png"))
