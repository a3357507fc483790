"""A visitor on a phone filters a search: after « Appliquer les filtres » the filters applied show above the results,
each removable, and the button is a 44 px target; « flux Atom de cette recherche » opens a readable page, not raw
XML; axe-core finds nothing serious. Screenshots in var/screenshots/filters-*.png (phone and desktop)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from selenium.webdriver.common.by import By

from search.indexing import rebuild
from tests.helpers.axe import axe_source, serious_violations
from tests.helpers.waiting import wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}


def shot(browser, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / f"filters-{name}.png"))


def test_phone_filters_show_what_is_applied_and_the_feed_is_a_page(
    live_server, browser, search_backend, media_root
):
    from home.demo.loader import load

    load(log=lambda message: None, with_admin=False)
    rebuild()
    axe = axe_source()
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    browser.get(f"{live_server.url}/recherche/?q=club")
    group = browser.find_elements(By.CSS_SELECTOR, "details.facet-group")[0]
    group.find_element(By.TAG_NAME, "summary").click()
    box = group.find_element(By.CSS_SELECTOR, "input[type=checkbox]")
    label = group.find_element(
        By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']"
    ).text.rsplit(" (", 1)[0]
    box.click()
    button = browser.find_element(By.CSS_SELECTOR, ".facets > button")
    assert button.size["height"] >= 44, button.size
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    shot(browser, "before-apply-phone")
    button.click()
    chips = wait_for(
        lambda: browser.find_elements(By.CSS_SELECTOR, ".active-filters a"),
        message="active filters",
    )
    assert len(chips) == 1 and label in chips[0].text
    assert chips[0].size["height"] >= 44
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'start'})", browser.find_element(By.ID, "h-results")
    )
    shot(browser, "applied-phone")
    assert serious_violations(browser, axe) == []
    chips[0].click()  # removing it brings the whole result set back
    wait_for(
        lambda: not browser.find_elements(By.CSS_SELECTOR, ".active-filters"),
        message="the filter removed",
    )

    # The feed of the search: a page in French with the address to copy.
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "flux Atom de cette recherche")
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", link
    )
    wait_for(
        lambda: "Suivre la recherche" in browser.find_element(By.TAG_NAME, "h1").text,
        message="the feed page",
    )
    address = browser.find_element(By.ID, "feed-url").get_attribute("value")
    assert "/recherche/flux.atom?q=club" in address
    assert browser.find_elements(By.CSS_SELECTOR, ".feed-entries li")
    shot(browser, "feed-page-phone")
    assert serious_violations(browser, axe) == []
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.refresh()
    shot(browser, "feed-page")
    browser.get(f"{live_server.url}/recherche/?q=club")
    browser.find_elements(By.CSS_SELECTOR, ".facet input[type=checkbox]")[0].click()
    browser.find_element(By.CSS_SELECTOR, ".facets > button").click()
    wait_for(
        lambda: browser.find_elements(By.CSS_SELECTOR, ".active-filters a"),
        message="active filters (desktop)",
    )
    shot(browser, "applied")
