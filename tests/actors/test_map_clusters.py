"""The map's server-side clusters (/acteurs/carte.geojson?zoom=…&bbox=…): points when the view holds few actors,
counted cells of a grid beyond, every actor counted once; bad parameters never fail."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse

from actors.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def many():
    rng = random.Random(3)
    rows = []
    for i in range(1500):
        lat, lon = (
            (43.6 + rng.uniform(-0.05, 0.05), 1.44 + rng.uniform(-0.05, 0.05))
            if i < 1200
            else (rng.uniform(43, 50), rng.uniform(-1, 7))
        )
        rows.append(
            Organisation(
                name=f"Acteur {i}",
                slug=f"acteur-{i}",
                sort_name=f"acteur {i:05d}",
                latitude=round(lat, 6),
                longitude=round(lon, 6),
            )
        )
    Organisation.objects.bulk_create(rows)


def test_whole_set_is_clustered_by_the_server(client, many):
    data = client.get(reverse("actors:geojson"), {"zoom": "5"}).json()
    assert data["mode"] == "clusters" and data["total"] == 1500
    assert sum(f["properties"]["count"] for f in data["features"]) == 1500
    assert len(data["features"]) < 200
    toulouse = max(data["features"], key=lambda f: f["properties"]["count"])
    assert toulouse["properties"]["count"] >= 1200
    lon, lat = toulouse["geometry"]["coordinates"]
    assert abs(lat - 43.6) < 0.2 and abs(lon - 1.44) < 0.2


def test_a_view_with_few_actors_gets_the_points(client, many):
    data = client.get(reverse("actors:geojson"), {"zoom": "9", "bbox": "2.0,44.0,8.0,51.0"}).json()
    assert data["mode"] == "points" and data["total"] == len(data["features"]) < 300
    assert all(f["properties"]["url"].startswith("/acteurs/acteur-") for f in data["features"])


@pytest.mark.parametrize(
    "params",
    [
        {"zoom": "x"},
        {"zoom": "5", "bbox": "a,b,c,d"},
        {"zoom": "99999"},
        {"zoom": "5", "bbox": "1,50,2,40"},
        {"zoom": "-3", "bbox": "nan,1,2,3"},
    ],
)
def test_bad_parameters_never_fail(client, many, params):
    assert client.get(reverse("actors:geojson"), params).status_code == 200
