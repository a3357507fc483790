"""A visitor subscribes to an alert from a search page: the form is folded under the results, a wrong address is
refused in French, a right one leads to « Vérifiez votre messagerie » and a confirmation e-mail arrives at a real
SMTP server (aiosmtpd). Screenshots in var/screenshots/alert-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from selenium.webdriver.common.by import By

from alerts.models import Subscription
from search.indexing import rebuild
from testing import factories
from tests.helpers.waiting import wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def shot(browser, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / f"alert-{name}.png"))


def test_subscribe_from_a_search_page(
    live_server,
    browser,
    search_backend,
    media_root,
    smtp_server,  # noqa: F811
    task_worker,
):
    index = factories.site_tree()
    factories.meeting(
        index,
        "Rencontre des composteurs de quartier",
        summary="Les composteurs partagés de Rennes.",
    )
    rebuild()
    browser.get(f"{live_server.url}/recherche/?q=composteurs")
    feed = browser.find_element(By.CSS_SELECTOR, 'link[title="Flux Atom de cette recherche"]')
    assert feed.get_attribute("href").endswith("/recherche/flux.atom?q=composteurs")
    assert (
        feed.get_attribute("rel") == "alternate"
        and feed.get_attribute("type") == "application/atom+xml"
    )
    summary = browser.find_element(By.CSS_SELECTOR, ".alert-subscribe summary")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", summary)
    summary.click()
    email = browser.find_element(By.ID, "alert-email")
    email.send_keys("pas-une-adresse")
    shot(browser, "form")
    browser.find_element(By.CSS_SELECTOR, ".alert-subscribe button[type=submit]").click()
    error = wait_for(
        lambda: browser.find_elements(By.ID, "alert-email-error"), message="the French error"
    )[0]
    assert "n'est pas valide" in error.text
    shot(browser, "error")

    email = browser.find_element(By.ID, "alert-email")
    email.clear()
    email.send_keys("agent@mairie-exemple.fr")
    browser.find_element(By.CSS_SELECTOR, "input[name=frequency][value=daily]").click()
    browser.find_element(By.CSS_SELECTOR, ".alert-subscribe button[type=submit]").click()
    wait_for(
        lambda: any(
            "Vérifiez votre messagerie" in h.text for h in browser.find_elements(By.TAG_NAME, "h1")
        ),
        message="the confirmation page",
    )
    shot(browser, "done")
    subscription = Subscription.objects.get()
    assert subscription.email == "agent@mairie-exemple.fr" and subscription.query == "composteurs"
    assert subscription.frequency == "daily"
    wait_for(
        lambda: smtp_server.received("Confirmez votre alerte"),
        message="the confirmation e-mail",
        log=task_worker,
    )
