"""Search that forgives, as an officer sees it in Chromium: a typo corrected automatically with a way back to the
typed words, the spelling suggestion that leads to the results, and a graded query's notice; all in French.
Screenshots in var/screenshots/search-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from selenium.webdriver.common.by import By

from search.indexing import rebuild
from search.service import MOST_WORDS_MESSAGE
from taxonomy.models import Theme
from testing import factories
from tests.helpers.sample_site import document_with_text
from tests.helpers.waiting import wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def shot(browser, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / f"search-{name}.png"))


def titles(browser) -> list[str]:
    return [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".result h3")]


def notices(browser) -> str:
    return " ".join(
        p.text for p in browser.find_elements(By.CSS_SELECTOR, "p.notice, p.suggestion")
    )


def follow(browser, link) -> None:
    url = link.get_attribute("href")
    link.click()
    wait_for(lambda: browser.current_url == url, message=f"the page {url}")


def test_corrected_query_suggestion_and_graded_notice(
    live_server, browser, search_backend, media_root
):
    index = factories.site_tree()
    reemploi = Theme.objects.create(name="Réemploi")
    winter = document_with_text(
        "Bilan hivernal", ["Le déneigement des trottoirs par les habitants."]
    )
    winter_page = factories.meeting(index, "Rencontre sur l'hiver", documents=[winter])
    winter_page.themes.set([reemploi])
    winter_page.save_revision().publish()
    factories.meeting(index, "Rencontre A", summary="Le compostage collectif dans chaque quartier.")
    factories.meeting(index, "Rencontre B", summary="Le compostage collectif en pied d'immeuble.")
    factories.meeting(index, "Rencontre C", summary="Le compostage au jardin.")
    rebuild()

    # A typo of a word found only inside a document: its correction runs, the typed words stay one click away.
    browser.get(f"{live_server.url}/recherche/?q=deneigment")
    assert titles(browser) == ["Bilan hivernal"]
    assert (
        "Aucun résultat pour « deneigment ». Résultats pour « déneigement » — rechercher plutôt « deneigment »"
        in notices(browser)
    )
    assert browser.find_element(By.ID, "q-main").get_attribute("value") == "déneigement"
    shot(browser, "corrected")

    # « rechercher plutôt »: the words as typed find nothing, and the suggestion leads back to the results.
    follow(browser, browser.find_element(By.LINK_TEXT, "« deneigment »"))
    assert "exact=1" in browser.current_url and titles(browser) == []
    assert browser.find_element(By.ID, "h-results").text == "0 résultat"
    assert "Vouliez-vous dire : déneigement ?" in notices(browser)
    shot(browser, "as-typed")
    follow(browser, browser.find_element(By.LINK_TEXT, "déneigement"))
    assert titles(browser) == ["Bilan hivernal"] and "exact" not in browser.current_url
    assert "Aucun résultat" not in notices(browser)

    # Within a theme, the way back to the typed words keeps the theme.
    browser.get(f"{live_server.url}/recherche/?q=deneigment&theme=reemploi")
    follow(browser, browser.find_element(By.LINK_TEXT, "« deneigment »"))
    assert "theme=reemploi" in browser.current_url and "exact=1" in browser.current_url

    # All words find nothing: the results holding most of them, with the notice saying so.
    browser.get(f"{live_server.url}/recherche/?q=compostage+collectif+zeppelin")
    assert sorted(titles(browser)) == ["Rencontre A", "Rencontre B"]
    assert MOST_WORDS_MESSAGE in notices(browser)
    assert browser.find_element(By.CSS_SELECTOR, "p.notice").is_displayed()
    shot(browser, "graded")
