"""Public pages checked with axe-core in Chromium (fetched from npm by scripts/fetch-test-tools.sh, injected by
the test, never served by the site): no serious or critical violation on the home page, the listing, a
resource of each type, search with results and facets, the directory, a territory, an actor and the 404 page;
and a keyboard-only journey through search and the map's list alternative. Screenshots in var/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from actors.models import Organisation
from resources.models import ResourceIndexPage, ResourcePage
from search.indexing import rebuild
from taxonomy.models import Territory
from tests.helpers.axe import axe_source, serious_violations
from tests.helpers.waiting import wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def public_paths() -> dict[str, str]:
    paths = {
        "accueil": "/",
        "liste": ResourceIndexPage.objects.live().first().url,
        "recherche": "/recherche/?q=ESS",
        "recherche-facette": "/recherche/?q=ESS&type=meetingreportpage",
        "annuaire": "/acteurs/",
        "erreur-404": "/cette-page-n-existe-pas/",
    }
    seen = set()
    for page in ResourcePage.objects.live().public().specific().order_by("path"):
        if type(page) not in seen:
            seen.add(type(page))
            paths[type(page)._meta.model_name] = page.url
    actor = Organisation.objects.exclude(commune=None).first()
    paths["acteur"] = actor.get_absolute_url()
    paths["territoire"] = (
        f"/acteurs/territoire/{Territory.objects.get(level='department', code='31').key}/"
    )
    return paths


@pytest.fixture
def demo(media_root, search_backend, settings):
    from home.demo.loader import load

    load(log=lambda message: None, with_admin=False)
    rebuild()


def test_public_pages_have_no_serious_accessibility_violation(live_server, browser, demo):
    source = axe_source()
    SHOTS.mkdir(parents=True, exist_ok=True)
    paths = public_paths()
    assert len([k for k in paths if k.endswith("page")]) >= 4, paths  # a resource of each type
    found = {}
    for name, path in paths.items():
        browser.get(f"{live_server.url}{path}")
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr", path
        problems = serious_violations(browser, source)
        if problems:
            found[path] = problems
            browser.save_screenshot(str(SHOTS / f"a11y-{name}.png"))
    assert not found, "\n".join(
        f"{path}: {p}" for path, problems in found.items() for p in problems
    )
    # The checker does see a violation when there is one: an image without text alternative.
    browser.execute_script(
        "document.body.insertAdjacentHTML('beforeend', '<img src=\"/static/x.png\">')"
    )
    assert any(p.startswith("image-alt") for p in serious_violations(browser, source))


def in_class(element, name: str) -> bool:
    return bool(
        element.find_elements(
            By.XPATH, f"ancestor::*[contains(concat(' ', @class, ' '), ' {name} ')]"
        )
    )


def tab_until(browser, predicate, limit: int = 60):
    for _ in range(limit):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        element = browser.switch_to.active_element
        if predicate(element):
            return element
    raise AssertionError("not reached with the keyboard")


def test_keyboard_only_through_search_and_the_directory_list(live_server, browser, demo):
    browser.get(f"{live_server.url}/")
    skip = tab_until(browser, lambda e: e.tag_name == "a", limit=1)
    assert skip.text == "Aller au contenu"
    field = tab_until(
        browser, lambda e: e.tag_name == "input" and e.get_attribute("type") == "search"
    )
    field.send_keys("rafistolerie", Keys.ENTER)
    wait_for(lambda: "/recherche/" in browser.current_url, message="the results page")
    first = tab_until(browser, lambda e: e.tag_name == "a" and in_class(e, "result"))
    target = first.get_attribute("href")
    first.send_keys(Keys.ENTER)
    wait_for(lambda: browser.current_url == target, message="the first result")
    browser.save_screenshot(str(SHOTS / "keyboard-search-result.png"))

    browser.get(f"{live_server.url}/acteurs/")
    link = tab_until(browser, lambda e: e.tag_name == "a" and in_class(e, "actor-list"), limit=120)
    target = link.get_attribute("href")
    link.send_keys(Keys.ENTER)
    wait_for(lambda: browser.current_url == target, message="an actor page from the list")
    assert browser.find_element(By.TAG_NAME, "h1").text
    browser.save_screenshot(str(SHOTS / "keyboard-directory-actor.png"))
