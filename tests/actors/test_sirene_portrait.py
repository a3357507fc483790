"""The territory portrait from an imported register file: /api/portrait/<key>/ (checked against the OpenAPI
description), the « Cartographie » page's charts and tables, the CSV of the list, the organisation's JSON-LD."""

from __future__ import annotations

import csv
import io

import pytest

from actors.models import RegisterEntry
from tests.helpers.openapi import check
from tests.helpers.sirene_files import (
    PARTIAL,
    run,
    siret,
    units,
    write,
)
from tests.helpers.sirene_files import establishments as establishment_rows
from tests.helpers.structured_data import check_node, json_ld

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path, ramonville_xy):  # noqa: F811
    run(write(tmp_path, "csv", units(), establishment_rows(ramonville_xy)))


def test_portrait_api_of_the_sicoval_with_its_department(client, imported):
    response = client.get("/api/portrait/epci-243100633/")
    assert response.status_code == 200
    data = response.json()
    assert data["territory"] == {
        "key": "epci-243100633",
        "name": data["territory"]["name"],
        "level": "epci",
    }
    assert data["establishments"] == 3  # two in Ramonville-Saint-Agne, one in Labège
    assert data["by_family"] == {
        "association": 2,
        "cooperative": 1,
        "mutuelle": 0,
        "fondation": 0,
        "entreprise_ess": 0,
        "autre": 0,
    }
    assert {row["key"]: row["count"] for row in data["by_sector"]} == {"Q": 2, "I": 1}
    assert {row["label"]: row["count"] for row in data["by_size"]}["10 à 19 salariés"] == 3
    # All active establishments of these communes: the three ESS ones and the other unit's in Ramonville.
    assert data["all_establishments"] == 4 and data["share_of_all_establishments"] == 0.75
    assert (
        data["parent"]["territory"]["key"] == "department-31"
        and data["parent"]["establishments"] == 3
    )
    spec = client.get("/api/openapi.json").json()
    check(spec, "/api/portrait/{key}/", response)
    unknown = client.get("/api/portrait/epci-1/")
    assert unknown.status_code == 404 and "Territoire inconnu" in unknown.json()["message"]
    check(spec, "/api/portrait/{key}/", unknown)


def test_territory_page_shows_the_portrait_and_the_csv_of_its_list(client, imported):
    page = client.get("/acteurs/territoire/epci-243100633/").content.decode()
    assert "Portrait de l'ESS (répertoire Sirene)" in page
    assert "soit <strong>75,0\xa0%</strong> des 4 établissements actifs du territoire" in page
    assert (
        "Santé humaine et action sociale" in page
        and "10 à 19 salariés" in page
        and "Coopérative" in page
    )
    assert 'aria-hidden="true"' in page and '<svg class="bar"' in page
    response = client.get("/acteurs/territoire/epci-243100633/etablissements-ess.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 3 and "[ND]" not in text
    partial = next(r for r in rows if r["siret"] == siret(PARTIAL, "0001"))
    assert partial["nom"] == "Structure de l'ESS à diffusion partielle" and partial["adresse"] == ""
    assert partial["diffusion_partielle"] == "oui" and partial["position_approximative"] == "oui"


def test_organisation_json_ld_carries_geo_and_identifiers(client, imported):
    entry = RegisterEntry.objects.select_related("organisation").get(
        siret=siret(units()[0]["siren"], "0001")
    )
    page = client.get(entry.organisation.get_absolute_url()).content.decode()
    nodes = json_ld(page)
    for node in nodes:
        check_node(node)
    org = next(n for n in nodes if n.get("@type") == "Organization")
    geo = org["location"]["geo"]
    assert geo["@type"] == "GeoCoordinates" and abs(geo["latitude"] - 43.55) < 0.05
    ids = {i["propertyID"]: i["value"] for i in org["identifier"]}
    assert ids == {"SIRET": entry.siret, "SIREN": entry.siren, "NAF": "88.99B"}
    assert "Santé humaine et action sociale" in page and "10 à 19 salariés" in page


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"territoire": "epci-243100633", "famille": "cooperative"}, 1),
        ({"territoire": "epci-243100633", "activite": "Q", "taille": "11"}, 2),
        ({"territoire": "commune-31254"}, 1),
        ({"territoire": "commune-31446", "famille": "association"}, 2),
        ({"famille": "mutuelle"}, 0),
    ],
)
def test_directory_filters_by_register_family_sector_size_and_any_territory(
    client, imported, params, expected
):
    page = client.get("/acteurs/", params).content.decode()
    assert f"{expected} acteur" in page
    assert 'name="famille"' in page and "Entreprise commerciale de l&#x27;ESS" in page
    export = b"".join(client.get("/acteurs/export.csv", params).streaming_content).decode(
        "utf-8-sig"
    )
    assert len(export.strip().splitlines()) == expected + 1
    geo = client.get("/acteurs/carte.geojson", {**params, "zoom": "9"}).json()
    assert geo["total"] == expected


def test_register_filters_reject_unknown_values(client, imported):
    page = client.get("/acteurs/", {"famille": "secte"}).content.decode()
    assert "0 acteur" in page and "Sélectionnez un choix valide" in page
