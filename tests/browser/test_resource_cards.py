"""In Chromium, the resource listing's cards show the first page of their main document (lazy images that load),
on a wide screen and on a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from selenium.webdriver.common.by import By

from testing import factories
from testing.pdfs import pdf
from tests.helpers.waiting import wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def test_cards_show_the_first_page_of_their_document(live_server, browser, media_root):
    index = factories.site_tree()
    for n, title in enumerate(
        ["Stratégie ESS du Sicoval", "Bilan du glanage solidaire", "Kit PTCE"], start=1
    ):
        report = factories.document(
            pdf(f"{title}. " * 40, "Annexe."), title=title, filename=f"doc-{n}.pdf"
        )
        factories.meeting(
            index, f"Rencontre : {title}", main_document=report, summary=f"Synthèse : {title}."
        )
    factories.meeting(index, "Rencontre sans document", summary="Pas de document principal.")

    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, name in ((1280, "wide"), (390, "phone")):
        browser.set_window_size(width, 1000)
        browser.get(f"{live_server.url}{index.url}")
        images = browser.find_elements(By.CSS_SELECTOR, ".card-cover")
        assert len(images) == 3
        for image in images:
            browser.execute_script("arguments[0].scrollIntoView()", image)
            wait_for(
                lambda image=image: (
                    browser.execute_script("return arguments[0].naturalWidth", image) > 0
                ),
                timeout=20,
                message="card image loaded",
            )
        browser.execute_script("window.scrollTo(0, 0)")
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth > window.innerWidth"
        )
        assert not overflow, "the cards make the page scroll sideways"
        browser.save_screenshot(str(SHOTS / f"cards-{name}.png"))
