"""In Chromium, the Content-Security-Policy (issue 10, item 14) blocks nothing the site needs: the map with
its tiles' host, the search suggestions, the Wagtail admin with a chooser, and the admin's user bar on a
public page. Violations are collected from the `securitypolicyviolation` events of each page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from selenium.webdriver.common.by import By

from actors.models import Organisation
from config.settings import base
from testing import factories
from tests.helpers.browser import RECORDER, admin_login, violations
from tests.helpers.waiting import wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def test_pages_work_under_the_content_security_policy(
    live_server, browser, search_backend, task_worker, media_root, settings
):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = (
        0  # no background write into the live server's SQLite database
    )
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*geopf.fr*", "https://*"]})
    index = factories.site_tree()
    page = factories.meeting(
        index, "Rencontre sur la coopération territoriale", summary="Coopération et SCIC."
    )
    for i in range(3):
        Organisation(name=f"Coopérative {i}", latitude=43.6 + i * 0.01, longitude=1.44).save()

    # The map: markers placed, tiles requested from the IGN host (the network then blocks them).
    with override_settings(MAILLAGE_MAP_TILES_URL=base.MAILLAGE_MAP_TILES_URL):
        browser.get(f"{live_server.url}/acteurs/")
        wait_for(
            lambda: browser.find_element(By.ID, "carte").get_attribute("data-markers") == "3",
            message="the map's markers",
        )
        wait_for(
            lambda: browser.find_elements(By.CSS_SELECTOR, "img.leaflet-tile"),
            message="tiles requested",
        )
        assert violations(browser) == []

    # Search suggestions while typing in the header's search box.
    wait_for(
        lambda: Client().get("/api/autocomplete/", {"q": "coopér"}).json()["results"],
        message="the page indexed",
    )
    browser.get(f"{live_server.url}/recherche/")
    browser.find_element(By.ID, "q-header").send_keys("coopér")
    wait_for(
        lambda: browser.find_elements(By.CSS_SELECTOR, "#q-suggestions option"),
        message="suggestions",
    )
    assert violations(browser) == []

    # The admin: dashboard, page editor and a chooser modal; then the user bar on the public page.
    get_user_model().objects.create_superuser(
        "redaction", "redaction@example.org", "mot-de-passe-du-test"
    )
    admin_login(browser, live_server.url, "redaction")
    assert violations(browser) == []
    browser.get(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    chooser = "#id_main_document-chooser .unchosen [data-chooser-action-choose]"
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, chooser), message="the page editor")
    browser.execute_script("document.querySelector(arguments[0]).click()", chooser)
    wait_for(
        lambda: (
            browser.find_elements(By.CSS_SELECTOR, ".modal #tab-label-upload")
            or violations(browser)
        ),
        message="the chooser (or a violation)",
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / "csp-admin-chooser.png"))
    assert violations(browser) == []
    assert browser.find_elements(By.CSS_SELECTOR, ".modal #tab-label-upload")
    browser.get(f"{live_server.url}{page.url}")
    wait_for(
        lambda: browser.execute_script(
            "const b = document.querySelector('wagtail-userbar'); return b && b.shadowRoot && "
            "b.shadowRoot.querySelector('[role=menu], ul, button');"
        ),
        message="the user bar",
    )
    browser.save_screenshot(str(SHOTS / "csp-public-page-userbar.png"))
    assert violations(browser) == []
