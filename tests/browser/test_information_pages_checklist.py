"""An editor after install: the dashboard lists the legal pages still to complete (drafts with bracketed passages);
publishing « Mentions légales » as it is is refused in French, naming the passages; once completed it publishes.
Screenshots in var/screenshots/legal-*.png (desktop and phone)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from selenium.webdriver.common.by import By

from home.models import StandardPage
from tests.helpers.browser import PASSWORD, admin_login
from tests.helpers.waiting import wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}


def shot(browser, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / f"legal-{name}.png"))


def test_legal_pages_wait_for_their_publisher(live_server, browser, media_root, settings):
    from home.demo.information_pages import ensure_information_pages
    from testing import factories

    if connection.vendor == "sqlite":
        settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    ensure_information_pages(factories.site_tree().get_parent().specific, log=lambda message: None)
    get_user_model().objects.create_superuser("redaction", "redaction@example.org", PASSWORD)
    admin_login(browser, live_server.url, "redaction")
    panel = wait_for(
        lambda: browser.find_elements(By.CSS_SELECTOR, "[id^=information-pages]"),
        message="checklist",
    )
    text = panel[0].text
    assert "Pages obligatoires à compléter" in browser.page_source
    assert "[nom de la structure éditrice]" in text and "brouillon, non publiée" in text
    browser.execute_script("arguments[0].scrollIntoView()", panel[0])
    shot(browser, "dashboard-checklist")
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    browser.refresh()
    browser.execute_script(
        "arguments[0].scrollIntoView()",
        wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "[id^=information-pages]"))[0],
    )
    shot(browser, "dashboard-checklist-phone")
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    legal = StandardPage.objects.get(kind="mentions-legales")
    browser.get(f"{live_server.url}/admin/pages/{legal.pk}/edit/")
    wait_for(
        lambda: browser.find_elements(By.CSS_SELECTOR, "button[name=action-publish]"),
        message="the editor",
    )
    assert "Liste de contrôle" in browser.page_source
    browser.execute_script("document.querySelector('button[name=action-publish]').click()")
    error = wait_for(
        lambda: [
            e
            for e in browser.find_elements(By.CSS_SELECTOR, ".error-message, .w-field__errors")
            if "Avant publication" in e.text
        ],
        message="the refusal",
    )
    assert "[nom de la structure éditrice]" in error[0].text
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", error[0])
    shot(browser, "publish-refused")
    legal.refresh_from_db()
    assert not legal.live
    assert browser.execute_script("return fetch('/mentions-legales/').then(r => r.status)") == 404
