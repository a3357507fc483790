"""Approximate centres of territories (GeoNames): actors without coordinates still appear on the maps."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from actors.models import Organisation
from taxonomy import centres, territories
from taxonomy.models import Territory


@dataclass(frozen=True)
class Row:
    level: str
    code: str
    parent: tuple[str, str] | None


def test_means_and_fallbacks_from_the_gazetteer():
    rows = [
        Row("region", "76", None),
        Row("department", "31", ("region", "76")),
        Row("epci", "200", ("department", "31")),
        Row("commune", "31001", ("epci", "200")),
        Row("commune", "31002", ("epci", "200")),
        Row("commune", "31003", ("epci", "200")),  # not in the gazetteer: its EPCI's centre
        Row("commune", "31004", ("department", "31")),  # neither: its department's
    ]
    names = {"31001": "Saint-Agne", "31002": "Ste Foy", "31003": "Hameau", "31004": "Lieu-dit"}
    gazetteer = {("31", "saint agne"): (43.0, 1.0), ("31", "sainte foy"): (44.0, 2.0)}
    placed = centres.centres(rows, names, dict.fromkeys(names, "31"), gazetteer)
    assert placed[("commune", "31001")] == (43.0, 1.0)
    assert placed[("commune", "31002")] == (44.0, 2.0)
    assert placed[("epci", "200")] == placed[("commune", "31003")] == (43.5, 1.5)
    assert (
        placed[("department", "31")]
        == placed[("region", "76")]
        == placed[("commune", "31004")]
        == (43.5, 1.5)
    )
    assert centres.centres(rows, names, dict.fromkeys(names, "31"), {}) == {}


def test_real_reference_places_every_occitanie_commune(occitanie):
    toulouse = Territory.objects.get(level="commune", code="31555")
    assert abs(toulouse.latitude - 43.60) < 0.05 and abs(toulouse.longitude - 1.44) < 0.05
    haute_garonne = Territory.objects.get(level="department", code="31")
    assert 42.7 < haute_garonne.latitude < 43.9 and 0.4 < haute_garonne.longitude < 2.0
    communes = Territory.objects.filter(level="commune", path__startswith="/region-76/")
    assert not communes.filter(latitude=None).exists()
    # Within Occitanie's bounding box, each one.
    assert not communes.exclude(latitude__range=(42.3, 45.1), longitude__range=(-0.4, 4.9)).exists()
    assert territories.load(regions={"76"}).changed == 0


def test_actor_without_coordinates_is_placed_at_its_commune(client, occitanie):
    ramonville = Territory.objects.get(level="commune", code="31446")
    Organisation.objects.create(name="Sans coordonnées", commune=ramonville)
    Organisation.objects.create(
        name="Géolocalisée", commune=ramonville, latitude="43.5", longitude="1.47"
    )
    Organisation.objects.create(name="Sans commune")
    data = client.get(reverse("actors:geojson")).json()
    by_name = {f["properties"]["name"]: f for f in data["features"]}
    assert set(by_name) == {"Sans coordonnées", "Géolocalisée"}
    assert by_name["Sans coordonnées"]["properties"]["approx"] is True
    lon, lat = by_name["Sans coordonnées"]["geometry"]["coordinates"]
    assert (round(lat, 5), round(lon, 5)) == (ramonville.latitude, ramonville.longitude)
    assert by_name["Géolocalisée"]["properties"]["approx"] is False
    assert by_name["Géolocalisée"]["geometry"]["coordinates"] == [1.47, 43.5]

    text = client.get(
        Organisation.objects.get(name="Sans coordonnées").get_absolute_url()
    ).content.decode()
    assert 'id="carte"' in text and 'data-approx="1"' in text
    assert "Position approximative : centre de la commune (Ramonville-Saint-Agne)" in text


def test_territory_map_starts_on_the_territory(client, occitanie):
    # The map is drawn only where there is an actor to place (no empty map): one in Ramonville, in the Sicoval.
    Organisation.objects.create(
        name="Au Sicoval", commune=Territory.objects.get(level="commune", code="31446")
    )
    department = Territory.objects.get(level="department", code="31")
    text = client.get(reverse("actors:territory", args=[department.key])).content.decode()
    assert f'data-center-lat="{department.latitude}"' in text and 'data-center-zoom="9"' in text
    text = client.get(reverse("actors:directory") + "?territoire=epci-243100633").content.decode()
    assert 'data-center-zoom="11"' in text
    assert "data-center-lat" not in client.get(reverse("actors:directory")).content.decode()
