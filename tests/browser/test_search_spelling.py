"""Spelling that respects the language, as a visitor sees it in Chromium (desktop and phone widths): a word of the
ESS glossary keeps its word in the box, a far typo is only proposed (« Vouliez-vous dire … ») with the typed words
kept, and too many searches get the site's French 429 page. No serious axe-core violation.
Screenshots in var/screenshots/spelling-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from selenium.webdriver.common.by import By

from search.indexing import rebuild
from search.models import SynonymGroup
from search.synonyms import clear as clear_synonyms
from testing import factories
from tests.helpers.axe import axe_source, serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
WIDTHS = {"desktop": (1280, 1000), "phone": (390, 844)}


def shots(browser, name: str, source: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        browser.set_window_size(width, height)
        browser.save_screenshot(str(SHOTS / f"spelling-{name}-{label}.png"))
        assert serious_violations(browser, source) == [], (name, label)
    browser.set_window_size(*WIDTHS["desktop"])


def notices(browser) -> str:
    return " ".join(
        p.text for p in browser.find_elements(By.CSS_SELECTOR, "p.notice, p.suggestion")
    )


def test_typed_words_are_kept_and_far_corrections_proposed(
    live_server, browser, search_backend, media_root, settings
):
    SynonymGroup.objects.create(terms="recyclerie, ressourcerie")
    clear_synonyms()
    index = factories.site_tree()
    factories.meeting(
        index, "Recycler les textiles", summary="Recycler et réemployer les vêtements."
    )
    factories.meeting(
        index, "La ressourcerie de Castanet", summary="Une ressourcerie collecte et revend."
    )
    factories.meeting(
        index, "La méthanisation agricole", summary="Une unité de méthanisation sur le canal."
    )
    rebuild()
    source = axe_source()

    # « recyclerie », a word of the glossary, stays « recyclerie » (never « recycler ») and finds its equivalent
    browser.get(f"{live_server.url}/recherche/?q=recyclerie")
    assert browser.find_element(By.ID, "q-main").get_attribute("value") == "recyclerie"
    assert "recycler" not in notices(browser).lower()
    assert "La ressourcerie de Castanet" in [
        h.text for h in browser.find_elements(By.CSS_SELECTOR, ".result h3")
    ]
    shots(browser, "glossary-word-kept", source)

    # two letters wrong: the typed words stay, the correction is proposed
    browser.get(f"{live_server.url}/recherche/?q=metanisaton")
    assert browser.find_element(By.ID, "q-main").get_attribute("value") == "metanisaton"
    assert "Vouliez-vous dire : méthanisation ?" in notices(browser)
    assert "Aucun résultat pour" not in notices(browser)
    shots(browser, "far-typo-proposed", source)

    # too many searches from one address: the site's page, in French
    settings.MAILLAGE_SEARCH_RATE_LIMIT = (2, 60)
    caches["ratelimit"].clear()
    for _ in range(3):
        browser.get(f"{live_server.url}/recherche/?q=textiles")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Trop de recherches en peu de temps"
    assert (
        "Trop de requêtes : réessayez dans"
        in browser.find_element(By.CSS_SELECTOR, "[role=alert]").text
    )
    shots(browser, "rate-limited", source)
