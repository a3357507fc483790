"""An officer types a question, not keywords, on the demo: the page written for it is in the top three, the
results it lacks a word of say which (« Sans : … »), and the directory finds « Le Périscope » typed without its
accent. Desktop and phone widths; screenshots in var/screenshots/search-question-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from search.indexing import rebuild
from tests.helpers.axe import axe_source, serious_violations
from tests.helpers.waiting import wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
KIT = "Connaître et mobiliser les acteurs de mon territoire"
SICOVAL = "Stratégie ESS du Sicoval"


@pytest.fixture
def demo(media_root, search_backend):
    from home.demo.loader import load

    load(log=lambda message: None, with_admin=False)
    rebuild()


def titles(browser) -> list[str]:
    return [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".result h3")]


def show(browser, title: str):
    """The result titled `title`, scrolled into view for the screenshot."""
    result = next(
        r
        for r in browser.find_elements(By.CSS_SELECTOR, ".result")
        if r.find_element(By.TAG_NAME, "h3").text == title
    )
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", result)
    return result


def ask(browser, box_id: str, text: str) -> None:
    box = browser.find_element(By.ID, box_id)
    box.clear()
    box.send_keys(text + Keys.ENTER)
    wait_for(
        lambda: (
            "q=" in browser.current_url
            and browser.find_element(By.ID, box_id).get_attribute("value") == text
        ),
        message=f"the results for {text!r}",
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_officers_questions_find_their_page(live_server, browser, demo, width):
    browser.set_window_size(width, 1000)
    size = "phone" if width < 600 else "desktop"
    source = axe_source()
    browser.get(f"{live_server.url}/recherche/")

    ask(browser, "q-main", "comment identifier les acteurs de l'ESS sur mon territoire")
    top = titles(browser)[:3]
    assert KIT in top, top
    kit = show(browser, KIT)
    assert kit.find_element(By.CSS_SELECTOR, ".missing").text == "Sans : identifier"
    assert serious_violations(browser, source) == []
    browser.save_screenshot(str(SHOTS / f"search-question-kit-{size}.png"))

    ask(browser, "q-main", "strategie economie solidaire sicoval")
    top = titles(browser)[:3]
    assert SICOVAL in top, top
    show(browser, SICOVAL)
    browser.save_screenshot(str(SHOTS / f"search-question-sicoval-{size}.png"))

    browser.get(f"{live_server.url}/acteurs/")
    ask(browser, "f-q", "periscope")
    assert browser.find_element(By.ID, "acteurs").text == "1 acteur"
    names = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".actor-list li > a")]
    assert "Le Périscope" in names, names
    browser.execute_script(
        "document.querySelector('.actor-list').scrollIntoView({block: 'center'});"
    )
    browser.save_screenshot(str(SHOTS / f"search-question-directory-{size}.png"))


@pytest.mark.parametrize("width", [1280, 390])
def test_a_document_in_another_language_says_so(live_server, browser, demo, width, corpus_dir):
    from resources.document_extraction import extract_document
    from testing import factories
    from tests.helpers.sample_site import document_with_text
    from tests.search.test_document_language import ENGLISH

    document_with_text("Public aid for a recyclerie", ENGLISH)
    # A real English notice (the corpus's Federal Register, 15 pages), extracted as an upload is.
    notice = factories.document(
        corpus_dir / "federal-register-2020-17221.pdf", title="Federal Register 2020-17221"
    )
    extract_document(notice.pk)
    rebuild()
    browser.set_window_size(width, 1000)
    size = "phone" if width < 600 else "desktop"
    source = axe_source()
    browser.get(f"{live_server.url}/recherche/")
    ask(browser, "q-main", "quelles aides pour une recyclerie ?")
    found = titles(browser)
    assert "Public aid for a recyclerie" in found, found
    english = show(browser, "Public aid for a recyclerie")
    assert english.find_element(By.CSS_SELECTOR, ".meta").text.endswith("· en anglais")
    assert english.find_element(By.CSS_SELECTOR, "h3 a").get_attribute("lang") == "en"
    assert serious_violations(browser, source) == []
    browser.save_screenshot(str(SHOTS / f"search-question-language-{size}.png"))

    # The same subject asked in English: the English report comes first.
    ask(browser, "q-main", "public aid for the recyclerie and the workers it trains?")
    found = titles(browser)
    assert found[0] == "Public aid for a recyclerie", found
    browser.save_screenshot(str(SHOTS / f"search-question-in-english-{size}.png"))

    # A document's page says it too, among its facts.
    ask(browser, "q-main", "federal register")
    show(browser, "Federal Register 2020-17221").find_element(By.CSS_SELECTOR, "h3 a").click()
    wait_for(
        lambda: browser.find_elements(By.CSS_SELECTOR, ".document-page .facts"),
        message="the notice's page",
    )
    facts = browser.find_element(By.CSS_SELECTOR, ".document-page .facts")
    wait_for(lambda: "Langue\nanglais" in facts.text, message="the document's language")
    assert serious_violations(browser, source) == []
    browser.save_screenshot(str(SHOTS / f"search-question-language-document-{size}.png"))
