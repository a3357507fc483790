"""A partner site on another origin embeds the widget in an iframe and calls the search API from its own script,
in Chromium: the widget shows the theme's latest public resources, the API answers across origins (CORS), pages
outside /api/ stay closed to other origins."""

from __future__ import annotations

import threading
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from selenium.webdriver.common.by import By

from search.indexing import rebuild
from taxonomy.models import Theme
from testing import factories
from tests.helpers.waiting import wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PARTNER_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>CRESS partenaire</title></head>
<body style="font-family: sans-serif">
<h1>Site partenaire</h1>
<iframe id="widget" src="{site}/api/widget/?theme=reemploi&nombre=3" title="Ressources ESS — Maillage"
        width="420" height="300" style="border:1px solid #ccc"></iframe>
<p>Résultats de l'API : <span id="api">…</span></p>
<p>Page hors API : <span id="closed">…</span></p>
<script>
fetch("{site}/api/search/?q=glanage").then(r => r.json())
  .then(d => document.getElementById("api").textContent = d.count + " : " + d.results.map(r => r.title).join(", "))
  .catch(e => document.getElementById("api").textContent = "refusé");
fetch("{site}/recherche/?q=glanage").then(r => document.getElementById("closed").textContent = "lisible")
  .catch(e => document.getElementById("closed").textContent = "refusée");
</script>
</body></html>
"""


@pytest.fixture
def partner_site(tmp_path, live_server):
    """The partner's page served from another origin (127.0.0.1 on its own port; the site is on localhost)."""
    (tmp_path / "index.html").write_text(
        PARTNER_PAGE.replace("{site}", live_server.url), encoding="utf-8"
    )
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()


def test_partner_page_embeds_the_widget_and_reads_the_api(
    live_server, browser, search_backend, media_root, partner_site
):
    assert live_server.url.startswith("http://localhost:")
    index = factories.site_tree()
    reemploi = Theme.objects.create(name="Réemploi")
    factories.meeting(
        index,
        "Rencontre sur le glanage solidaire",
        themes=[reemploi],
        date=date(2024, 5, 16),
        summary="Le glanage solidaire.",
    )
    factories.meeting(index, "Atelier du réemploi", themes=[reemploi], date=date(2024, 2, 1))
    factories.meeting(index, "Brouillon du glanage secret", themes=[reemploi], publish=False)
    rebuild()

    browser.get(partner_site)
    wait_for(
        lambda: browser.find_element(By.ID, "api").text != "…", timeout=20, message="the API call"
    )
    wait_for(
        lambda: browser.find_element(By.ID, "closed").text != "…",
        timeout=20,
        message="the closed page",
    )
    assert browser.find_element(By.ID, "api").text == "1 : Rencontre sur le glanage solidaire"
    assert browser.find_element(By.ID, "closed").text == "refusée"  # no CORS header outside /api/
    browser.switch_to.frame(browser.find_element(By.ID, "widget"))
    items = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "li")]
    assert [i.splitlines()[0] for i in items] == [
        "Rencontre sur le glanage solidaire",
        "Atelier du réemploi",
    ]
    assert items[0].splitlines()[1] == "Compte rendu de rencontre · 16 mai 2024"
    assert "Réemploi" in browser.find_element(By.CSS_SELECTOR, ".widget-heading").text
    link = browser.find_element(By.LINK_TEXT, "Rencontre sur le glanage solidaire")
    assert link.get_attribute("target") == "_blank"
    browser.switch_to.default_content()
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / "partner-site-widget.png"))

    # The API's readable description gives the widget's code to paste, with the site's address.
    browser.get(f"{live_server.url}/api/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "API publique"
    code = browser.find_element(By.CSS_SELECTOR, "pre code").text
    assert code.startswith(f'<iframe src="{live_server.url}/api/widget/?theme=reemploi&nombre=5"')
    assert "GET /api/v2/pages/{id}/" in browser.find_element(By.TAG_NAME, "main").text
    browser.save_screenshot(str(SHOTS / "partner-site-api-description.png"))
