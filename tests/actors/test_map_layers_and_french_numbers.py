"""The map ships a base layer and clusters markers; public numbers and plurals are French."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import override_settings
from django.urls import reverse

from actors.importer import import_actors
from config.settings import base
from taxonomy.models import Territory

CSV = "nom;commune;code_insee;latitude;longitude\nLa Rafistolerie;Castanet-Tolosan;31113;43.516;1.498\n"


def test_default_base_layer_is_plan_ign_and_tests_switch_it_off():
    assert base.MAILLAGE_MAP_TILES_URL.startswith("https://data.geopf.fr/wmts?")
    for part in (
        "LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2",
        "TILEMATRIX={z}",
        "TILEROW={y}",
        "TILECOL={x}",
    ):
        assert part in base.MAILLAGE_MAP_TILES_URL
    assert "IGN" in base.MAILLAGE_MAP_TILES_ATTRIBUTION
    assert settings.MAILLAGE_MAP_TILES_URL == ""


def test_marker_cluster_plugin_is_served_from_static(client, occitanie):
    import_actors(
        io.BytesIO(CSV.encode()), index=False
    )  # the map is drawn only with an actor to place
    assert finders.find("actors/markercluster/leaflet.markercluster.js")
    text = client.get(reverse("actors:directory")).content.decode()
    assert "actors/markercluster/leaflet.markercluster.js" in text
    assert "actors/markercluster/MarkerCluster.Default.css" in text


def test_map_carries_the_configured_tile_template(client, occitanie):
    import_actors(
        io.BytesIO(CSV.encode()), index=False
    )  # the map is drawn only with an actor to place
    with override_settings(MAILLAGE_MAP_TILES_URL=base.MAILLAGE_MAP_TILES_URL):
        text = client.get(reverse("actors:directory")).content.decode()
    assert 'data-tiles="https://data.geopf.fr/wmts?' in text
    assert "Fond de carte non configuré" not in text


def test_french_numbers_and_plurals(client, occitanie):
    text = client.get(reverse("actors:directory")).content.decode()
    assert "0 acteur</h2>" in text or "0 acteur —" in text
    import_actors(io.BytesIO(CSV.encode()), index=False)
    text = client.get(reverse("actors:directory")).content.decode()
    assert "1 acteur</h2>" in text
    place = Territory.objects.get(level="department", code="31")
    place.population = 1400039
    place.save()
    text = client.get(reverse("actors:territory", args=[place.key])).content.decode()
    assert "1\xa0400\xa0039 habitants" in text
