"""The officer's journeys in Chromium: search, narrow by territory, open the PDF in the site's viewer at the
matching page; and a newsletter link to a page renamed since keeps landing."""

from __future__ import annotations

import urllib.request

import pytest
from selenium.webdriver.common.by import By

from resources.models import ExtractionStatus, ResourceDocument
from taxonomy.models import Territory
from testing import factories
from tests.helpers.waiting import wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def territories() -> tuple[Territory, Territory]:
    region = Territory.objects.create(level="region", code="76", name="Occitanie")
    department = Territory.objects.create(
        level="department", code="31", name="Haute-Garonne", parent=region
    )
    other = Territory.objects.create(level="department", code="34", name="Hérault", parent=region)
    return department, other


def test_officer_searches_filters_by_territory_and_opens_the_pdf_at_the_page(
    live_server, browser, corpus_dir, search_backend, task_worker
):
    haute_garonne, herault = territories()
    index = factories.site_tree()
    document = factories.document(corpus_dir / "tracemonkey.pdf", title="Compilation à la volée")
    wait_for(
        lambda: (
            ResourceDocument.objects.get(pk=document.pk).extraction_status == ExtractionStatus.DONE
        ),
        message="extraction",
        log=task_worker,
    )
    factories.meeting(
        index, "Rencontre en Haute-Garonne", documents=[document], territories=[haute_garonne]
    )
    factories.meeting(index, "Rencontre oracle dans l'Hérault", territories=[herault])

    def document_hit_shown() -> bool:
        browser.get(f"{live_server.url}/recherche/?q=oracle")
        titles = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".result h2, .result h3")]
        linked = bool(browser.find_elements(By.CSS_SELECTOR, "a.where[href*='/lecture/?page=5']"))
        return linked and len(titles) >= 2  # indexing runs in the background: wait for both hits

    wait_for(document_hit_shown, timeout=90, interval=1, message="both hits on the search page")
    titles = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".result h2, .result h3")]
    assert "Compilation à la volée" in titles and "Rencontre oracle dans l'Hérault" in titles

    checkbox = browser.find_element(
        By.CSS_SELECTOR, "input[name='territoire'][value='department-31']"
    )
    checkbox.click()
    checkbox.find_element(By.XPATH, "ancestor::form").submit()
    wait_for(lambda: "territoire=department-31" in browser.current_url, message="the filtered page")
    titles = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".result h2, .result h3")]
    assert "Compilation à la volée" in titles
    assert "Rencontre oracle dans l'Hérault" not in titles

    link = browser.find_element(By.CSS_SELECTOR, "a.where[href*='/lecture/?page=5']")
    assert link.get_attribute("href").startswith(f"{live_server.url}/document/{document.pk}/")
    with urllib.request.urlopen(f"{live_server.url}{document.url}", timeout=10) as response:
        assert response.status == 200
        assert response.read(5) == b"%PDF-"
    link.click()
    wait_for(
        lambda: (
            browser.find_element(By.CSS_SELECTOR, "[data-pdf-viewer]").get_attribute(
                "data-shown-page"
            )
            == "5"
        ),
        message="the site's viewer opened at page 5",
    )


def test_newsletter_link_to_a_renamed_page_still_lands(live_server, browser):
    index = factories.site_tree()
    page = factories.meeting(
        index, "Rencontre du club à Ramonville", slug="rencontre-club-ramonville"
    )
    old_url = f"{live_server.url}{page.url}"
    page.slug = "rencontre-club-occitanie-ramonville-2023"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.url.endswith("/rencontre-club-occitanie-ramonville-2023/")

    browser.get(old_url)
    wait_for(
        lambda: browser.current_url.endswith(page.url), message="the redirect to the new address"
    )
    assert browser.find_element(By.TAG_NAME, "h1").text == "Rencontre du club à Ramonville"
