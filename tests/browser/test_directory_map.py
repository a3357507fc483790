"""The directory's map in Chromium: the Plan IGN tile template is used (the network is blocked: no tile is
fetched) and 60 actors appear as clusters and markers; screenshots in var/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from selenium.webdriver.common.by import By

from actors.models import Organisation
from config.settings import base
from taxonomy.models import Territory
from tests.helpers.waiting import wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def test_directory_map_uses_plan_ign_tiles_and_clusters_markers(live_server, browser):
    # 50 actors around Toulouse (a cluster at national zoom) and 10 spread over France.
    for i in range(50):
        Organisation(
            name=f"Acteur toulousain {i}", latitude=43.55 + i * 0.002, longitude=1.40 + i * 0.002
        ).save()
    for i in range(10):
        Organisation(
            name=f"Acteur lointain {i}", latitude=43.0 + i * 0.8, longitude=-1.0 + i * 0.8
        ).save()
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd(
        "Network.setBlockedURLs", {"urls": ["*geopf.fr*", "http*://*.tile*", "https://*"]}
    )
    with override_settings(MAILLAGE_MAP_TILES_URL=base.MAILLAGE_MAP_TILES_URL):
        browser.get(f"{live_server.url}/acteurs/")
        wait_for(
            lambda: browser.find_element(By.ID, "carte").get_attribute("data-markers") == "60",
            message="the map's markers",
        )
        wait_for(
            lambda: browser.find_elements(By.CSS_SELECTOR, ".marker-cluster"), message="a cluster"
        )
    tiles = [
        img.get_attribute("src")
        for img in browser.find_elements(By.CSS_SELECTOR, "img.leaflet-tile")
    ]
    assert tiles and all(src.startswith("https://data.geopf.fr/wmts?") for src in tiles)
    assert all(
        "LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2" in src and "TILEMATRIX=" in src for src in tiles
    )
    assert "IGN" in browser.find_element(By.CSS_SELECTOR, ".leaflet-control-attribution").text
    clustered = sum(
        int(c.text) for c in browser.find_elements(By.CSS_SELECTOR, ".marker-cluster span")
    )
    single = len(
        browser.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon:not(.marker-cluster)")
    )
    assert clustered + single == 60 and clustered >= 50
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.find_element(By.ID, "carte").screenshot(str(SHOTS / "directory-map-clusters.png"))
    assert "60 acteurs" in browser.find_element(By.ID, "acteurs").text


def test_territory_map_places_actors_without_coordinates_at_their_commune(live_server, browser):
    region = Territory.objects.create(
        level="region", code="76", name="Occitanie", latitude=43.7, longitude=2.1
    )
    department = Territory.objects.create(
        level="department",
        code="31",
        name="Haute-Garonne",
        parent=region,
        latitude=43.35,
        longitude=1.2,
    )
    commune = Territory.objects.create(
        level="commune",
        code="31446",
        name="Ramonville-Saint-Agne",
        parent=department,
        latitude=43.5458,
        longitude=1.4769,
    )
    Organisation(name="Actrice sans coordonnées", commune=commune).save()
    browser.get(f"{live_server.url}/acteurs/territoire/{department.key}/")
    wait_for(
        lambda: browser.find_element(By.ID, "carte").get_attribute("data-markers") == "1",
        message="the territory's marker",
    )
    center = browser.execute_script(
        "const m = document.getElementById('carte'); return [m.dataset.centerLat, m.dataset.centerZoom];"
    )
    assert center == ["43.35", "9"]
    wait_for(
        lambda: browser.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon"), message="the marker"
    )[0].click()
    wait_for(
        lambda: "Position approximative" in browser.find_element(By.ID, "carte").text,
        message="the popup",
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.find_element(By.ID, "carte").screenshot(
        str(SHOTS / "territory-map-commune-centres.png")
    )


def test_map_without_its_base_layer_says_so_and_zero_results_show_no_map(live_server, browser):
    """Tiles blocked (no network, a firewall): a French notice under the map, markers and list still there; a filter
    that finds nobody shows no map at all. Screenshots directory-map-no-tiles(-phone).png, directory-no-result.png."""
    for i in range(3):
        Organisation(
            name=f"Acteur toulousain {i}", latitude=43.55 + i * 0.01, longitude=1.40
        ).save()
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*geopf.fr*", "https://*"]})
    SHOTS.mkdir(parents=True, exist_ok=True)
    with override_settings(MAILLAGE_MAP_TILES_URL=base.MAILLAGE_MAP_TILES_URL):
        browser.get(f"{live_server.url}/acteurs/")
        notice = wait_for(
            lambda: [
                e for e in browser.find_elements(By.ID, "carte-sans-fond") if e.is_displayed()
            ],
            message="the notice of a missing base layer",
        )[0]
        assert "Fond de carte indisponible" in notice.text and "la liste ci-dessous" in notice.text
        wait_for(
            lambda: browser.find_element(By.ID, "carte").get_attribute("data-markers") == "3",
            message="the markers, placed without the base layer",
        )
        assert len(browser.find_elements(By.CSS_SELECTOR, "#acteurs ~ * a, .actor-list a")) >= 3
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", notice)
        browser.save_screenshot(str(SHOTS / "directory-map-no-tiles.png"))
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
        )
        browser.refresh()
        notice = wait_for(
            lambda: [
                e for e in browser.find_elements(By.ID, "carte-sans-fond") if e.is_displayed()
            ],
            message="the notice on a phone",
        )[0]
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", notice)
        browser.save_screenshot(str(SHOTS / "directory-map-no-tiles-phone.png"))
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.get(f"{live_server.url}/acteurs/?q=introuvablexyz")
        assert "0 acteur" in browser.find_element(By.ID, "acteurs").text
        assert not browser.find_elements(By.ID, "carte")
        browser.save_screenshot(str(SHOTS / "directory-no-result.png"))


def test_territory_filter_reaches_a_commune(live_server, browser):
    """A visitor types « Ramon » in the territory field, picks the commune, filters: the list is that commune's.
    Screenshots directory-territory-commune(-phone).png; axe-core finds nothing serious."""
    from tests.helpers.axe import axe_source, serious_violations

    region = Territory.objects.create(level="region", code="76", name="Occitanie")
    department = Territory.objects.create(
        level="department", code="31", name="Haute-Garonne", parent=region
    )
    epci = Territory.objects.create(
        level="epci", code="243100633", name="CA du Sicoval", parent=department
    )
    commune = Territory.objects.create(
        level="commune", code="31446", name="Ramonville-Saint-Agne", parent=epci
    )
    Organisation(name="Recyclerie de Ramonville", commune=commune).save()
    Organisation(name="Épicerie de Toulouse", territory=department).save()
    SHOTS.mkdir(parents=True, exist_ok=True)
    label = "Ramonville-Saint-Agne — commune (31446)"
    for name, metrics in (
        ("", None),
        ("-phone", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}),
    ):
        if metrics:
            browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        browser.get(f"{live_server.url}/acteurs/")
        field = wait_for(
            lambda: browser.find_elements(By.ID, "f-territoire-recherche"), message="the field"
        )[0]
        field.send_keys("Ramon")
        wait_for(
            lambda: (
                browser.execute_script(
                    "return [...document.querySelectorAll('#f-territoire-suggestions option')].map(o => o.value)"
                )
                == [label]
            ),
            message="the commune suggested",
        )
        field.clear()
        field.send_keys(label)
        wait_for(
            lambda: (
                browser.find_element(By.ID, "f-territoire").get_attribute("value") == commune.key
            ),
            message="the commune selected",
        )
        button = browser.find_element(By.CSS_SELECTOR, ".actor-filters button[type=submit]")
        browser.execute_script(
            "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", button
        )
        wait_for(
            lambda: "Ramonville-Saint-Agne" in browser.find_element(By.ID, "acteurs").text,
            message="filtered",
        )
        text = browser.find_element(By.TAG_NAME, "main").text
        assert "Recyclerie de Ramonville" in text and "Épicerie de Toulouse" not in text
        browser.save_screenshot(str(SHOTS / f"directory-territory-commune{name}.png"))
        assert serious_violations(browser, axe_source()) == []
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
