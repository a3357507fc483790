"""A visitor on a phone (390×844): the first search result shows without scrolling past the facets, the empty
search offers guidance, the footer opens the legal pages, the site map leads to a resource and its breadcrumb back.
Screenshots in var/screenshots/visitor-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from selenium.webdriver.common.by import By

from testing import factories
from tests.helpers.waiting import wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}


def shot(browser, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / f"visitor-{name}.png"))


def in_viewport(browser, element) -> bool:
    return browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight;",
        element,
    )


def open_footer_link(browser, label: str) -> None:
    link = browser.find_element(By.XPATH, f"//footer//a[starts-with(normalize-space(), '{label}')]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
    link.click()
    wait_for(
        lambda: (
            browser.find_elements(By.TAG_NAME, "h1")
            and label.split(" :")[0] in browser.find_element(By.TAG_NAME, "h1").text
        ),
        message=f"the page « {label} »",
    )


def test_visitor_on_a_phone(live_server, browser, search_backend, media_root):
    from home.demo.loader import load

    load(log=lambda message: None, with_admin=False)
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)

    # Search: four folded facet groups, then the first result, within the first screen.
    browser.get(f"{live_server.url}/recherche/?q=club")
    groups = browser.find_elements(By.CSS_SELECTOR, "details.facet-group")
    assert len(groups) == 4 and not any(g.get_attribute("open") for g in groups)
    first = browser.find_element(By.CSS_SELECTOR, ".result h3 a")
    shot(browser, "search-phone")
    assert in_viewport(browser, first), f"first result below the fold: {first.rect}"
    groups[0].find_element(By.TAG_NAME, "summary").click()
    assert groups[0].get_attribute("open") is not None
    assert groups[0].find_element(By.CSS_SELECTOR, "input[type=checkbox]").is_displayed()

    # Empty query: themes, recent resources to start from.
    browser.get(f"{live_server.url}/recherche/")
    assert browser.find_element(By.ID, "h-themes").is_displayed()
    assert browser.find_elements(By.CSS_SELECTOR, "#h-recent + ul a")
    shot(browser, "search-empty-phone")

    # The footer's legal pages: drafts until the publisher completes their bracketed passages and publishes them.
    browser.get(f"{live_server.url}/")
    assert not browser.find_elements(
        By.XPATH, "//footer//a[starts-with(normalize-space(), 'Mentions légales')]"
    )
    factories.complete_information_pages()
    browser.get(f"{live_server.url}/")
    open_footer_link(browser, "Mentions légales")
    assert "Éditeur du site" in browser.page_source
    open_footer_link(browser, "Accessibilité : non conforme")
    conformity = browser.find_element(By.CSS_SELECTOR, ".conformity").text
    assert (
        "non conforme" in conformity
        and "Aucune évaluation de conformité n'a encore été réalisée" in conformity
    )
    shot(browser, "accessibility-phone")
    open_footer_link(browser, "Données personnelles")
    open_footer_link(browser, "Contact")

    # Site map → a resource → its breadcrumb back to the listing.
    open_footer_link(browser, "Plan du site")
    shot(browser, "site-map-phone")
    link = browser.find_element(
        By.XPATH, "//div[@class='site-map']//a[normalize-space()='Fiche DPV la Rafistolerie']"
    )
    link.click()
    wait_for(
        lambda: "Rafistolerie" in browser.find_element(By.TAG_NAME, "h1").text,
        message="the DPV sheet",
    )
    crumbs = browser.find_elements(By.CSS_SELECTOR, "nav.breadcrumb a")
    assert [c.text for c in crumbs] == ["Accueil", "Ressources"]
    assert in_viewport(browser, crumbs[1])
    shot(browser, "resource-breadcrumb-phone")
    crumbs[1].click()
    wait_for(lambda: browser.current_url.endswith("/ressources/"), message="the listing")

    # On a wide screen the facets open beside the results.
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {**PHONE, "width": 1280, "height": 900, "mobile": False},
    )
    browser.get(f"{live_server.url}/recherche/?q=club")
    assert all(
        g.get_attribute("open") is not None
        for g in browser.find_elements(By.CSS_SELECTOR, "details.facet-group")
    )
    shot(browser, "search-wide")
