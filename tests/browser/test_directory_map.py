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
from tests.waiting import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def test_directory_map_uses_plan_ign_tiles_and_clusters_markers(live_server, browser):
    # 50 actors around Toulouse (a cluster at national zoom) and 10 spread over France.
    for i in range(50):
        Organisation(name=f"Acteur toulousain {i}", latitude=43.55 + i * 0.002, longitude=1.40 + i * 0.002).save()
    for i in range(10):
        Organisation(name=f"Acteur lointain {i}", latitude=43.0 + i * 0.8, longitude=-1.0 + i * 0.8).save()
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*geopf.fr*", "http*://*.tile*", "https://*"]})
    with override_settings(MAILLAGE_MAP_TILES_URL=base.MAILLAGE_MAP_TILES_URL):
        browser.get(f"{live_server.url}/acteurs/")
        wait_for(lambda: browser.find_element(By.ID, "carte").get_attribute("data-markers") == "60",
                 message="the map's markers")
        wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".marker-cluster"), message="a cluster")
    tiles = [img.get_attribute("src") for img in browser.find_elements(By.CSS_SELECTOR, "img.leaflet-tile")]
    assert tiles and all(src.startswith("https://data.geopf.fr/wmts?") for src in tiles)
    assert all("LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2" in src and "TILEMATRIX=" in src for src in tiles)
    assert "IGN" in browser.find_element(By.CSS_SELECTOR, ".leaflet-control-attribution").text
    clustered = sum(int(c.text) for c in browser.find_elements(By.CSS_SELECTOR, ".marker-cluster span"))
    single = len(browser.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon:not(.marker-cluster)"))
    assert clustered + single == 60 and clustered >= 50
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.find_element(By.ID, "carte").screenshot(str(SHOTS / "directory-map-clusters.png"))
    assert "60 acteurs" in browser.find_element(By.ID, "acteurs").text
