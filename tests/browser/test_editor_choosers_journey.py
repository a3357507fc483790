"""In a real browser, an editor's first month in the choosers and the directory: territories found by postal code
with both codes labelled, ticks kept across two searches, organisations found by acronym without accents and
created from the chooser's « Créer » tab, a speaker found by search, a SIRET pasted with its spaces, and the
directory's screens in correct French. Screenshots in var/screenshots/ (desktop and phone widths)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db import connection
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from actors.models import Organisation, Person
from resources.models import MeetingReportPage
from taxonomy.models import Territory
from testing import factories
from tests.helpers.browser import PASSWORD, admin_login, click, visible, wait

SHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots"


def directory() -> None:
    region = Territory.objects.create(level="region", code="76", name="Occitanie")
    department = Territory.objects.create(
        level="department", code="31", name="Haute-Garonne", parent=region
    )
    epci = Territory.objects.create(
        level="epci", code="243100633", name="CA du Sicoval", parent=department
    )
    Territory.objects.create(
        level="commune",
        code="31446",
        name="Ramonville-Saint-Agne",
        parent=epci,
        postal_codes="31520",
    )
    Territory.objects.create(
        level="commune", code="31520", name="Sajas", parent=department, postal_codes="31370"
    )
    Territory.objects.create(
        level="commune",
        code="31555",
        name="Toulouse",
        parent=department,
        postal_codes="31000,31100,31200,31300,31400,31500",
    )
    rtes = Organisation.objects.create(
        name="Réseau des collectivités Territoriales pour une Economie Solidaire",
        acronym="RTES",
        category="network",
    )
    cress = Organisation.objects.create(
        name="Chambre Régionale de l'Economie Sociale et Solidaire d'Occitanie",
        acronym="CRESS Occitanie",
        category="network",
    )
    Person.objects.create(
        name="André Ducournau", position="Président de la CRESS Occitanie", organisation=cress
    )
    Person.objects.create(
        name="Nicole Miquel-Belaud", position="Administratrice du RTES", organisation=rtes
    )


def rows(driver) -> list[str]:
    try:
        return [r.text for r in driver.find_elements(By.CSS_SELECTOR, ".modal tbody tr")]
    except StaleElementReferenceException:
        return []


def search_in_modal(driver, text: str, expect: str) -> None:
    """Types a search as an editor does and waits until the results of that very query are shown."""
    box = visible(driver, ".modal input[name='q']")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(text)
    query = urlencode({"q": text})

    def settled(d):
        try:
            links = [
                a.get_attribute("href") or ""
                for a in d.find_elements(By.CSS_SELECTOR, ".modal .pagination a")
            ]
            found = rows(d)
        except StaleElementReferenceException:
            return False
        return found and expect in found[0] and any(query in link for link in links)

    wait(driver).until(settled)


def tick(driver, text: str) -> None:
    for row in driver.find_elements(By.CSS_SELECTOR, ".modal tbody tr"):
        if text in row.text:
            row.find_element(By.CSS_SELECTOR, "input[type=checkbox]").click()
            return
    raise AssertionError(f"no row {text!r} in {rows(driver)}")


def ticked(driver) -> list[str]:
    return [
        r.text
        for r in driver.find_elements(By.CSS_SELECTOR, ".modal tbody tr")
        if r.find_element(By.CSS_SELECTOR, "input[type=checkbox]").is_selected()
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_chooses_territories_actors_and_speakers_and_fixes_a_siret(
    browser, live_server, settings
):
    driver = browser
    SHOTS.mkdir(parents=True, exist_ok=True)
    if (
        connection.vendor == "sqlite"
    ):  # see test_publish_meeting: in-memory SQLite cannot take autosave's writes
        settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    index = factories.site_tree()
    directory()
    get_user_model().objects.create_superuser("redaction", "redaction@example.org", PASSWORD)
    admin_login(driver, live_server.url, "redaction")

    driver.get(f"{live_server.url}/admin/pages/add/resources/meetingreportpage/{index.pk}/")
    visible(driver, "#id_title").send_keys("Club des achats responsables")
    driver.find_element(By.ID, "id_summary").send_keys("Rencontre du club à Ramonville.")

    # Territories: « 31520 » is Ramonville's postal code first; Sajas shows its INSEE code 31520 labelled as such.
    click(driver, "#tab-label-classement")
    click(driver, "#id_page_territories-OPEN_MODAL")
    search_in_modal(driver, "31520", "Ramonville-Saint-Agne")
    found = rows(driver)
    assert found[0].startswith("Ramonville-Saint-Agne (CP 31520, INSEE 31446)"), found
    assert found[1].startswith("Sajas (CP 31370, INSEE 31520)"), found
    headers = [th.text for th in driver.find_elements(By.CSS_SELECTOR, ".modal thead th")]
    assert "Code INSEE / SIREN" in headers and "Codes postaux" in headers, headers
    driver.save_screenshot(str(SHOTS / "editor-territories-postal-code.png"))
    tick(driver, "Ramonville-Saint-Agne")

    # A second search keeps the first tick: the modal lists the whole selection, and both are added.
    search_in_modal(driver, "Sicoval", "CA du Sicoval")
    tick(driver, "CA du Sicoval")
    kept = visible(driver, ".modal [data-kept-selection]").text
    assert (
        "2 sélectionnés" in kept and "Ramonville-Saint-Agne" in kept and "CA du Sicoval" in kept
    ), kept
    search_in_modal(driver, "31520", "Ramonville-Saint-Agne")
    assert [t.split(" (")[0] for t in ticked(driver)] == ["Ramonville-Saint-Agne"]
    driver.save_screenshot(str(SHOTS / "editor-territories-ticks-kept.png"))
    click(driver, ".modal [data-multiple-choice-submit]")
    wait(driver).until(
        lambda d: all(
            name in d.find_element(By.ID, "id_page_territories-FORMS").text
            for name in ("Ramonville-Saint-Agne", "CA du Sicoval")
        )
    )

    # Actors: « cress » finds the CRESS by its acronym; a missing actor is created from the « Créer » tab.
    click(driver, "#id_page_actors-OPEN_MODAL")
    search_in_modal(driver, "cress", "Chambre Régionale")
    tick(driver, "Chambre Régionale")
    search_in_modal(driver, "economie solidaire", "Chambre Régionale")
    assert any("Réseau des collectivités" in r for r in rows(driver)), rows(driver)
    driver.save_screenshot(str(SHOTS / "editor-actor-chooser-search.png"))
    click(driver, ".modal [data-multiple-choice-submit]")
    wait(driver).until(
        lambda d: "Chambre Régionale" in d.find_element(By.ID, "id_page_actors-FORMS").text
    )
    click(driver, "#id_page_actors-OPEN_MODAL")
    click(driver, ".modal #tab-label-create")
    visible(driver, ".modal input[name='name']").send_keys("Atelier Vélo Solidaire")
    driver.find_element(By.CSS_SELECTOR, ".modal input[name='acronym']").send_keys("AVS")
    driver.find_element(By.CSS_SELECTOR, ".modal input[name='siret']").send_keys(
        "732 829 320 00074"
    )
    driver.find_element(By.CSS_SELECTOR, ".modal input[name='commune_text']").send_keys("31520")
    driver.save_screenshot(str(SHOTS / "editor-actor-chooser-create.png"))
    click(driver, ".modal form[data-chooser-modal-creation-form] button[type=submit]")
    wait(driver).until(
        lambda d: "Atelier Vélo Solidaire" in d.find_element(By.ID, "id_page_actors-FORMS").text
    )
    created = Organisation.objects.get(name="Atelier Vélo Solidaire")
    assert created.siret == "73282932000074" and created.commune.name == "Ramonville-Saint-Agne"

    # A speaker: the person chooser has a search, and a « Créer » tab for someone not yet in the directory.
    click(driver, "#tab-label-contenu")
    click(driver, "#id_speakers-ADD")
    click(driver, "#id_speakers-0-person-chooser .unchosen [data-chooser-action-choose]")
    search_in_modal(driver, "ducournau", "André Ducournau")
    driver.save_screenshot(str(SHOTS / "editor-person-chooser-search.png"))
    click(driver, ".modal #tab-label-create")
    visible(driver, ".modal input[name='name']").send_keys("Camille Martin")
    driver.find_element(By.CSS_SELECTOR, ".modal input[name='position']").send_keys(
        "Chargée de mission ESS"
    )
    driver.find_element(By.CSS_SELECTOR, ".modal input[name='organisation_text']").send_keys("RTES")
    click(driver, ".modal form[data-chooser-modal-creation-form] button[type=submit]")
    wait(driver).until(
        lambda d: "Camille Martin" in d.find_element(By.ID, "id_speakers-0-person-chooser").text
    )
    assert Person.objects.get(name="Camille Martin").organisation.acronym == "RTES"
    driver.find_element(By.ID, "id_speakers-0-role").send_keys("Présentation du réseau")
    publish = driver.find_element(By.CSS_SELECTOR, "button[name='action-publish']")
    driver.execute_script("arguments[0].click();", publish)
    wait(driver, 20).until(lambda d: "/admin/pages/add/" not in d.current_url)
    page = MeetingReportPage.objects.get(title="Club des achats responsables")
    assert sorted(t.territory.name for t in page.page_territories.all()) == [
        "CA du Sicoval",
        "Ramonville-Saint-Agne",
    ]

    # The workflow reads in French in the page's actions.
    driver.get(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    visible(driver, "footer, .footer")
    assert "Moderators approval" not in driver.page_source
    assert "Soumettre au circuit « Relecture par les modérateurs »" in driver.page_source

    # « Partager »: three addresses, each copied in one click.
    driver.execute_cdp_cmd(
        "Browser.grantPermissions",
        {
            "origin": live_server.url,
            "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
        },
    )
    click(driver, "#tab-label-partager")
    permanent = visible(driver, "input[data-share-url='permanent']").get_attribute("value")
    assert permanent.endswith(f"/r/{page.pk}/")
    newsletter = driver.find_element(
        By.CSS_SELECTOR, "input[data-share-url='newsletter']"
    ).get_attribute("value")
    assert "utm_source=maillage&utm_medium=email&utm_campaign=lettre-" in newsletter
    click(driver, "button[data-share-copy='newsletter']")
    wait(driver).until(
        lambda d: (
            "Copié dans le presse-papiers"
            in d.find_element(By.CSS_SELECTOR, "[data-share-panel]").text
        )
    )
    copied = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, e => done(String(e)));"
    )
    assert copied == newsletter
    driver.save_screenshot(str(SHOTS / "editor-share-panel.png"))

    # The newsletter block: the HTML and the text version, each copied in one click.
    driver.get(f"{live_server.url}/admin/lettre-d-information/?generer=1&pages={page.pk}")
    for kind in ("html", "text"):
        expected = visible(driver, f"#newsletter-{kind}").get_attribute("value")
        assert "Club des achats responsables" in expected
        click(driver, f"button[data-newsletter-copy='{kind}']")
        copied = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "navigator.clipboard.readText().then(done, e => done(String(e)));"
        )
        assert copied == expected, kind
    driver.save_screenshot(str(SHOTS / "editor-newsletter-copy.png"))

    # The directory: the SIRET field is wide enough and takes a pasted, spaced number.
    driver.get(f"{live_server.url}/admin/actors/person/")
    assert "Ajouter une personne" in driver.find_element(By.TAG_NAME, "main").text
    driver.get(f"{live_server.url}/admin/actors/person/create/")
    assert "Nouvelle personne" in visible(driver, "header h1, h1").text
    driver.get(
        f"{live_server.url}/admin/actors/organisation/edit/{Organisation.objects.get(acronym='RTES').pk}/"
    )
    siret = visible(driver, "input[name='siret']")
    assert siret.size["width"] >= 150, siret.size
    siret.clear()
    siret.send_keys("552 100 554 00013")
    assert siret.get_attribute("value") == "552 100 554 00013"
    driver.save_screenshot(str(SHOTS / "editor-siret-spaced.png"))
    click(driver, "main form[method='post'] button[type='submit']")
    try:
        wait(driver).until(lambda d: "/edit/" not in d.current_url)
    finally:
        driver.save_screenshot(str(SHOTS / "editor-siret-saved.png"))
    assert (
        "Organisation « Réseau des collectivités" in driver.find_element(By.TAG_NAME, "body").text
    )
    assert Organisation.objects.get(acronym="RTES").siret == "55210055400013"

    # On a phone, the chooser stays usable: search and the labelled codes.
    driver.set_window_size(390, 844)
    driver.get(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    click(driver, "#tab-label-classement")
    click(driver, "#id_page_territories-OPEN_MODAL")
    search_in_modal(driver, "31520", "Ramonville-Saint-Agne")
    driver.save_screenshot(str(SHOTS / "editor-territories-phone.png"))
