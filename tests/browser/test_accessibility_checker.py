"""Wagtail's built-in accessibility checker (axe-core, in the editor's userbar) passes on every demo page."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from wagtail.models import Page

from testing import factories
from tests.helpers.axe import checker_count
from tests.helpers.browser import PASSWORD, admin_login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_accessibility_checker_passes_on_the_demo_pages(browser, live_server, media_root, settings):
    from home.demo.loader import load

    started = time.monotonic()
    if connection.vendor == "sqlite":
        settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # see test_publish_meeting
    load(log=lambda message: None, with_admin=False)
    factories.complete_information_pages()  # drafts until the publisher completes them
    get_user_model().objects.create_superuser("redaction", "redaction@example.org", PASSWORD)
    driver = browser
    admin_login(driver, live_server.url, "redaction")

    pages = list(Page.objects.live().public().filter(depth__gt=1).order_by("path"))
    assert (
        len(pages) == 14
    )  # home, listing, 8 resources (one upcoming meeting), 4 information pages
    failures = {}
    for page in pages:
        driver.get(f"{live_server.url}{page.url}")
        count, names = checker_count(driver)
        if count != "0":
            failures[page.url] = names
    assert failures == {}
    assert time.monotonic() - started < 60
