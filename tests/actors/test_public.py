"""Public directory: filters, map data, actor page with its resources, « Cartographie de mon territoire »."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from actors.importer import import_actors
from actors.models import Organisation, Person
from taxonomy.models import Territory

CSV = (
    "nom;forme_juridique;siret;commune;code_insee;latitude;longitude;secteurs\n"
    "Les Tabliers Solidaires;SCIC;73282932000074;Ramonville-Saint-Agne;31446;43.5448;1.4747;"
    "Alimentation|Insertion\n"
    "La Rafistolerie;Association;;Castanet-Tolosan;31113;43.516;1.498;Réemploi|Insertion\n"
    "Picojoule;Association;;Toulouse;31555;43.6045;1.4442;Transition écologique\n"
    "Ailleurs <script>;SCOP;;Montpellier;34172;43.61;3.87;\n"
)


@pytest.fixture
def actors(occitanie):
    import_actors(io.BytesIO(CSV.encode()), index=False)
    return Organisation.objects.all()


def test_directory_filters_work_without_javascript(client, actors):
    url = reverse("actors:directory")
    text = client.get(url).content.decode()
    assert (
        "4 acteurs" in text and '<option value="department-31">Haute-Garonne (31)</option>' in text
    )
    text = client.get(url, {"territoire": "department-31"}).content.decode()
    assert "3 acteurs" in text and "Ailleurs" not in text.split('id="acteurs"')[1]
    text = client.get(
        url, {"territoire": "epci-243100633", "secteur": "insertion"}
    ).content.decode()
    assert "2 acteurs" in text and "Picojoule" not in text.split('id="acteurs"')[1]
    assert '<option value="epci-243100633" selected>CA du Sicoval</option>' in text
    text = client.get(url, {"forme": "scop"}).content.decode()
    assert "1 acteur" in text and "Ailleurs &lt;script&gt;" in text
    text = client.get(url, {"territoire": "department-99"}).content.decode()
    assert "Territoire inconnu" in text and "0 acteur" in text


def test_map_uses_project_static_leaflet_and_configurable_tiles(client, actors, settings):
    settings.MAILLAGE_MAP_TILES_URL = ""
    text = client.get(reverse("actors:directory")).content.decode()
    assert "/static/actors/leaflet/leaflet.js" in text and 'data-tiles=""' in text
    assert "Fond de carte non configuré" in text
    assert "http://" not in text.split("<main")[1].split("</main>")[0].replace('href="http', "")
    assert finders.find("actors/leaflet/leaflet.js") and finders.find("actors/leaflet/leaflet.css")
    assert finders.find("actors/map.js")
    settings.MAILLAGE_MAP_TILES_URL = "https://tuiles.example.org/{z}/{x}/{y}.png"
    text = client.get(reverse("actors:directory")).content.decode()
    assert 'data-tiles="https://tuiles.example.org/{z}/{x}/{y}.png"' in text


def test_geojson_follows_the_filters(client, actors):
    data = client.get(reverse("actors:geojson"), {"territoire": "department-31"}).json()
    names = sorted(f["properties"]["name"] for f in data["features"])
    assert (
        names == ["La Rafistolerie", "Les Tabliers Solidaires", "Picojoule"]
        and not data["truncated"]
    )
    feature = next(f for f in data["features"] if f["properties"]["name"] == "Picojoule")
    assert feature["geometry"]["coordinates"] == [1.4442, 43.6045]
    assert feature["properties"]["url"] == "/acteurs/picojoule/"


def test_public_export_has_no_contacts(client, actors):
    org = Organisation.objects.get(name="Picojoule")
    Person.objects.create(
        name="Alice",
        email="alice@example.org",
        organisation=org,
        consent=True,
        consent_date=date(2024, 1, 1),
    )
    response = client.get(reverse("actors:export"), {"territoire": "epci-243100518"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    assert [r["nom"] for r in rows] == ["Picojoule"] and "alice@" not in body


def test_actor_page_lists_the_resources_that_mention_it(client, actors):
    from resources.models import MeetingOrganisation
    from testing.factories import meeting, site_tree

    org = Organisation.objects.get(name="Les Tabliers Solidaires")
    page = meeting(site_tree(), "Rencontre du club ESS", summary="Visite des Tabliers.")
    page.organisations = [MeetingOrganisation(organisation=org, role="host")]
    page.save_revision().publish()
    response = client.get(org.get_absolute_url())
    text = response.content.decode()
    assert response.status_code == 200
    assert "Rencontre du club ESS" in text
    assert (
        'href="/acteurs/territoire/epci-243100633/">CA du Sicoval</a>' in text
    )  # breadcrumb of territories
    assert "Alimentation" in text and 'data-lat="43.5448"' in text


def test_territory_view_counts_by_sector_and_legal_form(client, actors):
    response = client.get(reverse("actors:territory", args=["epci-243100633"]))
    assert response.status_code == 200
    ctx = response.context
    assert ctx["total"] == 2
    assert {r["label"]: r["count"] for r in ctx["by_sector"]} == {
        "Insertion": 2,
        "Alimentation": 1,
        "Réemploi": 1,
    }
    assert {r["value"]: r["count"] for r in ctx["by_legal_form"]} == {"scic": 1, "association": 1}
    assert {r["territory"].code: r["count"] for r in ctx["by_subterritory"]} == {
        "31446": 1,
        "31113": 1,
    }
    text = response.content.decode()
    assert "Cartographie : CA du Sicoval" in text
    assert "/acteurs/export.csv?territoire=epci-243100633" in text

    department = client.get(reverse("actors:territory", args=["department-31"])).context
    assert department["total"] == 3
    subs = {r["territory"].key: r["count"] for r in department["by_subterritory"]}
    assert subs == {"epci-243100633": 2, "epci-243100518": 1}
    region = client.get(reverse("actors:territory", args=["region-76"])).context
    assert {r["territory"].code: r["count"] for r in region["by_subterritory"]} == {
        "31": 3,
        "34": 1,
    }

    filtered = client.get(
        reverse("actors:territory", args=["epci-243100633"]), {"forme": "scic"}
    ).context
    assert [o.name for o in filtered["page_obj"]] == ["Les Tabliers Solidaires"] and filtered[
        "total"
    ] == 2
    assert client.get(reverse("actors:territory", args=["epci-000"])).status_code == 404


def test_territory_view_lists_resources_about_it(client, actors):
    from resources.models import ResourceTerritory
    from testing.factories import meeting, site_tree

    page = meeting(site_tree(), "Stratégie ESS du Sicoval")
    page.page_territories = [
        ResourceTerritory(territory=Territory.objects.get(level="commune", code="31446"))
    ]
    page.save_revision().publish()
    text = client.get(reverse("actors:territory", args=["epci-243100633"])).content.decode()
    assert "Stratégie ESS du Sicoval" in text
    text = client.get(reverse("actors:territory", args=["epci-243100518"])).content.decode()
    assert "Stratégie ESS du Sicoval" not in text


def test_territory_search(client, occitanie):
    text = client.get(reverse("actors:territory_index"), {"q": "31520"}).content.decode()
    assert 'href="/acteurs/territoire/commune-31446/"' in text
    text = client.get(reverse("actors:territory_index"), {"q": "sicoval"}).content.decode()
    assert 'href="/acteurs/territoire/epci-243100633/"' in text
    text = client.get(reverse("actors:territory_index")).content.decode()
    assert (
        'href="/acteurs/territoire/department-31/"' not in text
    )  # no actor, no resource: not offered
    Organisation.objects.create(
        name="Recyclerie", commune=Territory.objects.get(level="commune", code="31446")
    )
    text = client.get(reverse("actors:territory_index")).content.decode()
    assert 'href="/acteurs/territoire/department-31/"' in text
    assert 'href="/acteurs/territoire/department-34/"' not in text  # searchable, but not listed


def test_reserved_slug(db):
    assert Organisation.objects.create(name="Territoire").slug == "territoire-2"
