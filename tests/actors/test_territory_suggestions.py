"""The directory's territory filter reaches EPCIs and communes: /acteurs/territoires.json suggests territories of
every level holding an actor (or a resource), bounded; the directory filters by the key chosen."""

from __future__ import annotations

import pytest
from django.urls import reverse

from actors.models import Organisation
from taxonomy.models import Territory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    occitanie = Territory.objects.create(level="region", code="76", name="Occitanie")
    haute_garonne = Territory.objects.create(
        level="department", code="31", name="Haute-Garonne", parent=occitanie
    )
    sicoval = Territory.objects.create(
        level="epci", code="243100633", name="CA du Sicoval", parent=haute_garonne
    )
    ramonville = Territory.objects.create(
        level="commune", code="31446", name="Ramonville-Saint-Agne", parent=sicoval
    )
    Territory.objects.create(
        level="commune", code="31445", name="Ramonville-sans-acteur", parent=sicoval
    )
    Organisation.objects.create(name="Recyclerie de Ramonville", commune=ramonville)
    Organisation.objects.create(name="Épicerie de Toulouse")
    return sicoval, ramonville


def suggest(client, q: str) -> list[dict]:
    return client.get(reverse("actors:territory_suggestions"), {"q": q}).json()["results"]


def test_communes_and_epcis_are_suggested_with_their_level(client, places):
    sicoval, ramonville = places
    assert suggest(client, "ramonville") == [
        {"key": ramonville.key, "label": "Ramonville-Saint-Agne — commune (31446)"}
    ]  # not the one without actors
    assert suggest(client, "sicoval") == [{"key": sicoval.key, "label": "CA du Sicoval — EPCI"}]
    assert suggest(client, "31446")[0]["key"] == ramonville.key
    assert suggest(client, "r") == [] and suggest(client, "") == []  # two characters at least
    assert len(suggest(client, "a" * 5000)) <= 15


def test_the_directory_filters_by_a_commune_or_an_epci(client, places):
    sicoval, ramonville = places
    for territory in (sicoval, ramonville):
        html = client.get(
            reverse("actors:directory"), {"territoire": territory.key}
        ).content.decode()
        assert "Recyclerie de Ramonville" in html and "Épicerie de Toulouse" not in html
        assert f'<option value="{territory.key}" selected>' in html
    assert "actors/territory_filter.js" in html
