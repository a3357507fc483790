"""In a real browser, an editor composes the newsletter block with the four kinds of items: a resource, a document
(its page « fiche et lecture »), an organisation of the directory and an external link with an image and a short
text, each picked with Wagtail's choosers; then copies the HTML. A document of a restricted collection never goes
out. Screenshots in var/screenshots/ (desktop and phone widths); axe-core finds nothing serious."""

from __future__ import annotations

import io
import time
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management import call_command
from selenium.webdriver.common.by import By
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from actors.models import Organisation
from home.demo.documents import make_logo
from resources.models import MeetingReportPage
from testing import factories
from tests.helpers.axe import axe_source, serious_violations
from tests.helpers.browser import (
    PASSWORD,
    add_stream_block,
    admin_login,
    click,
    visible,
    wait,
)

SHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots"


def image(title: str, collection=None):
    made = get_image_model()(title=title, description=f"Affiche {title}")
    made.file = ImageFile(io.BytesIO(make_logo(title)), name=f"{title.lower()}.png")
    if collection is not None:
        made.collection = collection
    made.save()
    return made


def content() -> MeetingReportPage:
    index = factories.site_tree()
    guide = factories.document(b"%PDF-1.4 guide", title="Guide de la commande publique responsable")
    page = factories.meeting(
        index,
        "Club des achats responsables",
        summary="Rencontre du club à Ramonville.",
        date=date(2024, 3, 14),
        documents=[guide],
    )
    secret = Collection.get_first_root_node().add_child(name="Interne")
    CollectionViewRestriction.objects.create(
        collection=secret, restriction_type="password", password="x"
    )
    internal = factories.document(b"%PDF-1.4 note", title="Note interne du bureau")
    internal.collection = secret
    internal.save()
    Organisation.objects.create(
        name="Les Tabliers Solidaires",
        acronym="LTS",
        logo=image("Tabliers"),
        description="Atelier de couture et de retouche en insertion, à Toulouse.",
    )
    image("Appel")
    return page


def choose(driver, chooser_css: str, text: str) -> None:
    click(driver, f"{chooser_css} .unchosen [data-chooser-action-choose]")
    link = wait(driver).until(
        lambda d: next(
            (
                a
                for a in d.find_elements(By.CSS_SELECTOR, ".modal a")
                if a.is_displayed() and text in a.text
            ),
            None,
        )
    )
    link.click()
    wait(driver).until(lambda d: text in d.find_element(By.CSS_SELECTOR, chooser_css).text)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_composes_a_newsletter_with_the_four_kinds_of_items(
    browser, live_server, media_root
):
    driver = browser
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = content()
    call_command(
        "set_site_address", url=live_server.url, stdout=io.StringIO()
    )  # as `make run` does
    get_user_model().objects.create_superuser("redaction", "redaction@example.org", PASSWORD)
    admin_login(driver, live_server.url, "redaction")

    driver.get(f"{live_server.url}/admin/lettre-d-information/")
    click(driver, f"input[name='pages'][value='{page.pk}']")
    add_stream_block(driver, "[data-newsletter-extras]", "Document")
    choose(driver, "#extras-0-value-document-chooser", "Guide de la commande publique")
    add_stream_block(
        driver, "[data-newsletter-extras]", "Document"
    )  # a restricted document: chosen, but never published
    choose(driver, "#extras-1-value-document-chooser", "Note interne du bureau")
    add_stream_block(driver, "[data-newsletter-extras]", "Structure de l'annuaire")
    choose(driver, "#extras-2-value-organisation-chooser", "Les Tabliers Solidaires")
    visible(driver, "#extras-2-value-summary").send_keys(
        "Un atelier de couture qui forme et embauche."
    )
    add_stream_block(driver, "[data-newsletter-extras]", "Lien externe")
    visible(driver, "#extras-3-value-title").send_keys("Appel à projets ESS 2025")
    driver.find_element(By.ID, "extras-3-value-url").send_keys(
        "https://example.org/appel-a-projets"
    )
    choose(driver, "#extras-3-value-image-chooser", "Appel")
    driver.find_element(By.ID, "extras-3-value-text").send_keys(
        "Dépôt des dossiers jusqu'au 31 janvier."
    )
    visible(driver, "#id_campaign").send_keys("lettre-2025-01")
    thumbnails = "return [...document.querySelectorAll('[data-newsletter-extras] img')].map(i => i.naturalWidth)"
    wait(driver).until(lambda d: d.execute_script(thumbnails) and all(d.execute_script(thumbnails)))
    driver.execute_script(
        "document.getElementById('extras-3-value-image-chooser').scrollIntoView()"
    )
    driver.save_screenshot(str(SHOTS / "editor-newsletter-compose.png"))
    click(driver, "button[name='generer']")
    html = visible(driver, "#newsletter-html", timeout=60).get_attribute("value")
    text = driver.find_element(By.ID, "newsletter-text").get_attribute("value")
    soup = BeautifulSoup(html, "html.parser")
    titles = [a.get_text() for a in soup.find_all("a") if a.get_text()]
    assert titles == [
        "Club des achats responsables",
        "Guide de la commande publique responsable",
        "Les Tabliers Solidaires",
        "Appel à projets ESS 2025",
    ], titles
    assert "Note interne" not in html and "Note interne" not in text
    links = {a.get_text(): a["href"] for a in soup.find_all("a") if a.get_text()}
    assert "/document/" in links["Guide de la commande publique responsable"]
    assert "utm_campaign=lettre-2025-01" in links["Les Tabliers Solidaires"]
    assert links["Appel à projets ESS 2025"] == "https://example.org/appel-a-projets"
    images = [i["src"] for i in soup.find_all("img")]
    assert len(images) == 2 and all("/media/images/" in src for src in images), images
    assert "Dépôt des dossiers jusqu'au 31 janvier." in text and "Un atelier de couture" in text
    assert "Résultat : 4 éléments" in driver.find_element(By.TAG_NAME, "main").text

    assert all(src.startswith(f"{live_server.url}/media/images/") for src in images), images

    preview = "iframe[title='Aperçu du bloc HTML']"
    driver.execute_script(f'document.querySelector("{preview}").scrollIntoView()')
    time.sleep(0.5)  # the preview's images
    driver.save_screenshot(str(SHOTS / "editor-newsletter-result.png"))
    violations = serious_violations(driver, axe_source())
    assert not violations, violations

    driver.set_window_size(390, 844)
    driver.execute_script("document.getElementById('newsletter-html').scrollIntoView()")
    driver.save_screenshot(str(SHOTS / "editor-newsletter-phone.png"))
    time.sleep(0.5)
    driver.find_element(By.CSS_SELECTOR, preview).screenshot(
        str(SHOTS / "editor-newsletter-preview-phone.png")
    )

    # What the newsletter links to opens for a stranger: the document's page, the logo.
    driver.set_window_size(1280, 1000)
    driver.delete_all_cookies()
    driver.get(images[0])
    assert driver.execute_script("return document.images[0] && document.images[0].naturalWidth") > 0
    driver.get(links["Guide de la commande publique responsable"])
    assert "Guide de la commande publique responsable" in visible(driver, "h1").text
