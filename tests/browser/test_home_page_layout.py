"""The home page on a desktop and a phone: one search box (the page's, with suggestions; the header has none here),
« À la une » fills its row, and on a phone the first resource shows within the first screen. axe-core finds nothing
serious. Screenshots in var/screenshots/home-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from selenium.webdriver.common.by import By

from search.indexing import rebuild
from tests.helpers.axe import axe_source, serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}


def shot(browser, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / f"home-{name}.png"))


def test_home_page_on_a_desktop_and_a_phone(live_server, browser, search_backend, media_root):
    from home.demo.loader import load

    load(log=lambda message: None, with_admin=False)
    rebuild()
    browser.get(f"{live_server.url}/")
    boxes = browser.find_elements(By.CSS_SELECTOR, "form[role=search]")
    assert (
        len(boxes) == 1
        and boxes[0].find_element(By.ID, "q-home").get_attribute("list") == "q-suggestions"
    )
    section = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=h-featured]")
    cards = section.find_elements(By.CSS_SELECTOR, ".card")
    used = sum(c.size["width"] for c in cards) + 16 * (len(cards) - 1)
    assert used >= 0.9 * section.size["width"], (len(cards), used, section.size)
    shot(browser, "desktop")
    assert serious_violations(browser, axe_source()) == []

    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    browser.get(f"{live_server.url}/")
    first = browser.find_element(By.CSS_SELECTOR, ".card .card-title a")
    bottom = browser.execute_script("return arguments[0].getBoundingClientRect().bottom", first)
    shot(browser, "phone")
    assert bottom <= PHONE["height"], f"first resource below the first screen: {bottom}px"
