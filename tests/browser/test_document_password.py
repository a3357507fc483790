"""A visitor opens a document of a password-protected collection: the site's French password form, then the
document's page once the password is given (issue 22, item 13). Screenshots in var/screenshots/password-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from selenium.webdriver.common.by import By
from wagtail.models import Collection, CollectionViewRestriction

from resources.document_urls import document_page_url
from testing import factories
from testing.pdfs import pdf
from tests.helpers.waiting import wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def shot(browser, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / f"password-{name}.png"))


def test_password_collection_document_journey(live_server, browser, media_root):
    factories.site_tree()
    collection = Collection.get_first_root_node().add_child(instance=Collection(name="Partenaires"))
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="colibri"
    )
    document = factories.document(
        pdf("Convention de partenariat 2025."),
        title="Convention de partenariat",
        filename="convention.pdf",
    )
    document.collection = collection
    document.save()
    url = f"{live_server.url}{document_page_url(document.pk, document.title)}"

    browser.get(url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Mot de passe requis"
    assert "protégé par un mot de passe" in browser.find_element(By.TAG_NAME, "main").text
    shot(browser, "form-desktop")
    browser.set_window_size(390, 844)
    shot(browser, "form-phone")
    browser.set_window_size(1280, 1000)

    browser.find_element(By.NAME, "password").send_keys("faux")
    browser.find_element(By.CSS_SELECTOR, "form.password-form button").click()
    wait_for(
        lambda: browser.find_elements(By.CSS_SELECTOR, "[role=alert]"),
        message="the wrong password's message",
    )
    message = browser.find_element(By.CSS_SELECTOR, "[role=alert]").text
    assert "mot de passe" in message.lower(), message
    shot(browser, "wrong")

    browser.find_element(By.NAME, "password").send_keys("colibri")
    browser.find_element(By.CSS_SELECTOR, "form.password-form button").click()
    wait_for(lambda: browser.current_url == url, message="back to the document's page")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Convention de partenariat"
    shot(browser, "document")
