"""An officer's journey: a generated Sirene file for the Haute-Garonne is imported with the command, then the
Sicoval's page (epci-243100633) shows the ESS portrait (counts, charts with their tables) and the map, and the
directory filtered by the Sicoval and a register family lists its associations; desktop and phone screenshots
in var/screenshots/, axe-core without serious or critical violation."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from actors.models import RegisterEntry
from actors.sirene import sample
from taxonomy import territories
from taxonomy.models import Territory
from tests.helpers.axe import axe_source, serious_violations
from tests.helpers.waiting import wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def test_officer_imports_the_register_and_reads_the_sicoval_portrait(
    live_server,
    browser,
    etalab_source,  # noqa: F811
    tmp_path,
):
    territories.load(etalab_source, {"76"})
    sicoval = Territory.objects.get(level="epci", code="243100633")
    in_sicoval = list(
        sicoval.descendants().filter(level="commune").values_list("code", "latitude", "longitude")
    )
    elsewhere = list(
        Territory.objects.filter(level="commune", path__startswith="/region-76/department-31/")
        .exclude(parent=sicoval)
        .values_list("code", "latitude", "longitude")[:200]
    )
    files = sample.generate(
        tmp_path,
        4000,
        in_sicoval * 4 + elsewhere,
        ["75056", "33063"],
        kept_share=0.9,
        ess_share=0.3,
    )
    out = io.StringIO()
    call_command(
        "import_sirene",
        "--unites-legales",
        str(files.unites_legales),
        "--etablissements",
        str(files.etablissements),
        "--territoire",
        "department-31",
        stdout=out,
    )
    assert "Import Sirene terminé" in out.getvalue()
    codes = {code for code, _, _ in in_sicoval}
    expected = sum(n for code, n in files.ess_active.items() if code in codes)
    assert expected > 50
    assert (
        RegisterEntry.objects.filter(active=True, organisation__commune__code__in=codes).count()
        == expected
    )

    browser.get(f"{live_server.url}/acteurs/territoire/epci-243100633/")
    portrait = browser.find_element(By.ID, "portrait-ess").find_element(By.XPATH, "..")
    assert f"{expected} établissements actifs de l'ESS" in portrait.text.replace(
        "\u202f", " "
    ).replace("\xa0", " ")
    assert "des " in portrait.text and "%" in portrait.text and "Haute-Garonne" in portrait.text
    for chart in ("graphique-familles", "graphique-secteurs", "graphique-tailles"):
        assert browser.find_element(By.ID, chart).is_displayed()
    bars = browser.find_elements(By.CSS_SELECTOR, ".bar-cell svg.bar rect")
    assert bars and all(float(b.get_attribute("width")) > 0 for b in bars)
    assert "Association" in portrait.text and "salariés" in portrait.text
    wait_for(
        lambda: int(browser.find_element(By.ID, "carte").get_attribute("data-markers") or 0) > 0,
        message="the map's markers",
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / "sirene-portrait-sicoval-desktop.png"))
    browser.execute_script("document.getElementById('portrait-ess').scrollIntoView()")
    browser.save_screenshot(str(SHOTS / "sirene-portrait-sicoval-charts.png"))
    browser.find_element(By.ID, "carte").screenshot(str(SHOTS / "sirene-portrait-sicoval-map.png"))
    assert serious_violations(browser, axe_source()) == []

    # The directory filtered by the Sicoval and a register family, through its form.
    associations = RegisterEntry.objects.filter(
        family="association", organisation__territory_path__startswith=sicoval.path
    )
    assert associations.count() > 1
    browser.get(f"{live_server.url}/acteurs/?territoire=epci-243100633")
    Select(browser.find_element(By.ID, "f-famille")).select_by_value("association")
    browser.find_element(By.CSS_SELECTOR, ".actor-filters button[type=submit]").click()
    wait_for(lambda: "famille=association" in browser.current_url, message="the filtered list")
    heading = browser.find_element(By.ID, "acteurs").text
    assert heading == f"{associations.count()} acteurs — {sicoval.name}", heading
    listed = browser.find_elements(By.CSS_SELECTOR, ".actor-list li a")
    names = set(associations.values_list("organisation__name", flat=True))
    assert listed and all(a.text in names for a in listed)
    assert serious_violations(browser, axe_source()) == []
    browser.save_screenshot(str(SHOTS / "sirene-directory-sicoval-associations-desktop.png"))
    browser.set_window_size(390, 844)
    browser.execute_script("document.getElementById('acteurs').scrollIntoView()")
    browser.save_screenshot(str(SHOTS / "sirene-directory-sicoval-associations-phone.png"))
    browser.get(f"{live_server.url}/acteurs/territoire/epci-243100633/")
    browser.execute_script("document.getElementById('portrait-ess').scrollIntoView()")
    browser.save_screenshot(str(SHOTS / "sirene-portrait-sicoval-phone.png"))
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at phone width ({width} px)"
