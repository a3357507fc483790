"""The default install runs its periodic jobs itself: the dashboard warns while no periodic run happened; once the
scheduler that `make run` starts is running (tasks/periodic.py, with the real periodic jobs), a page scheduled
one minute ahead goes live and a confirmed alert's digest reaches a real SMTP server, with no manual command; then the
warning is gone. Screenshots in var/screenshots/periodic-*.png (desktop and phone)."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from selenium.webdriver.common.by import By

from alerts.models import Subscription
from alerts.saved import SavedSearch
from resources.models import MeetingReportPage
from search.indexing import rebuild
from tasks.periodic import Scheduler
from testing import factories
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
    browser.save_screenshot(str(SHOTS / f"periodic-{name}.png"))


def test_scheduled_page_goes_live_and_digest_leaves_without_any_command(  # noqa: PLR0915
    live_server, browser, search_backend, media_root, smtp_server, settings
):  # noqa: F811
    if connection.vendor == "sqlite":
        settings.WAGTAIL_AUTOSAVE_INTERVAL = (
            0  # in-memory SQLite shared by threads: no concurrent background writes
        )
    index = factories.site_tree()
    factories.meeting(
        index, "Rencontre des composteurs", summary="Les composteurs partagés de Rennes."
    )
    rebuild()
    yesterday = timezone.now() - timedelta(days=1)
    saved = SavedSearch("composteurs", {})
    Subscription.objects.create(
        email="veille@mairie.fr",
        query=saved.query,
        filters={},
        search_key=saved.key,
        confirmed_at=yesterday,
        sent_until=yesterday,
        next_due_at=timezone.now(),
    )
    # Scheduled as the editor's « Programmer la publication » does: a go-live date one minute ahead.
    page = factories.meeting(
        index, "Club des achats responsables", publish=False, slug="club-achats"
    )
    page.go_live_at = timezone.now() + timedelta(minutes=1)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live and page.scheduled_revision is not None
    get_user_model().objects.create_superuser("redaction", "redaction@example.org", PASSWORD)

    # The dashboard says that nothing runs the periodic jobs.
    admin_login(browser, live_server.url, "redaction")
    panel = wait_for(
        lambda: (
            browser.find_elements(By.ID, "periodic-runs-section")
            or browser.find_elements(By.CSS_SELECTOR, "[id^=periodic-runs]")
        ),
        message="the warning panel",
    )
    assert "Tâches périodiques arrêtées" in browser.page_source
    assert "les pages programmées ne sont pas publiées" in panel[0].text
    shot(browser, "dashboard-warning")
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    browser.refresh()
    shot(browser, "dashboard-warning-phone")
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.get(f"{live_server.url}/ressources/club-achats/")
    assert "Page introuvable" in browser.find_element(By.TAG_NAME, "h1").text

    # The scheduler of `make run`, with the project's schedule: no command is typed from here on.
    stop = threading.Event()
    runner = threading.Thread(target=Scheduler().run_forever, args=(stop,), daemon=True)
    runner.start()
    try:
        digest = wait_for(
            lambda: smtp_server.received("1 nouvelle ressource"), timeout=60, message="the digest"
        )
        assert digest[0]["To"].strip() == "veille@mairie.fr"
        wait_for(
            lambda: MeetingReportPage.objects.filter(pk=page.pk, live=True).exists(),
            timeout=150,
            interval=1,
            message="the scheduled page to go live",
        )
    finally:
        stop.set()
        runner.join(timeout=60)
    browser.get(f"{live_server.url}/ressources/club-achats/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Club des achats responsables"
    shot(browser, "scheduled-page-live")
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    browser.refresh()
    shot(browser, "scheduled-page-live-phone")
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.get(f"{live_server.url}/admin/")
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "main, #main"), message="the dashboard")
    assert "Tâches périodiques arrêtées" not in browser.page_source
    shot(browser, "dashboard-running")
