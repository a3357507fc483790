"""Loading the official administrative divisions (Etalab) into Territory."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from actors.models import Organisation
from taxonomy import territories
from taxonomy.models import Territory


def get(level: str, code: str) -> Territory:
    return Territory.objects.get(level=level, code=code)


def test_occitanie_real_facts(occitanie):
    ramonville = get("commune", "31446")
    assert ramonville.name == "Ramonville-Saint-Agne"
    assert ramonville.parent.name == "CA du Sicoval" and ramonville.parent.key == "epci-243100633"
    assert ramonville.ancestor_keys() == [
        "region-76",
        "department-31",
        "epci-243100633",
        "commune-31446",
    ]
    assert "31520" in ramonville.postal_codes.split(",")
    assert ramonville.parent.parent == get("department", "31")
    assert get("department", "31").name == "Haute-Garonne"
    assert get("region", "76").name == "Occitanie"

    toulouse = get("commune", "31555")
    assert toulouse.parent.name == "Toulouse Métropole"
    assert {"31000", "31500"} <= set(toulouse.postal_codes.split(","))
    assert toulouse.population > 400_000
    assert ramonville in get("department", "31").descendants()
    assert ramonville in get("region", "76").descendants()
    assert ramonville not in get("epci", "243100518").descendants()


def test_counts_and_only_current_communes(occitanie):
    communes = Territory.objects.filter(level="commune", path__startswith="/region-76/")
    assert communes.count() == 4446  # current communes of Occitanie in the 2026 reference
    assert Territory.objects.filter(level="department", parent__code="76").count() == 13
    assert not Territory.objects.filter(level="commune", name__contains="Arrondissement").exists()
    assert get("department", "31").descendants().filter(level="commune").count() == 586
    # paths are exactly what Territory.save() computes
    for territory in Territory.objects.filter(level__in=["department", "epci"]).select_related(
        "parent"
    ):
        assert territory.path == territory.compute_path()


def test_epci_straddling_two_departments(occitanie):
    """CC Tarn-Agout (Tarn) has one commune in Haute-Garonne: it belongs to both 81's EPCI and to 31."""
    epci = Territory.objects.get(level="epci", name="CC Tarn-Agout")
    assert epci.parent.code == "81"
    commune = epci.children.get(code__startswith="31")
    assert commune.ancestor_keys() == ["region-76", "department-31", epci.key, commune.key]
    assert commune in epci.descendants()
    assert commune in get("department", "31").descendants()
    assert commune not in get("department", "81").descendants()
    before = commune.path
    commune.save()  # the model computes the same path as the loader
    assert commune.path == before
    from actors.filters import filter_actors

    actor = Organisation.objects.create(name="Actrice", commune=commune)
    for key in (epci.key, "department-31", "region-76", commune.key):
        assert list(filter_actors({"territoire": key})[0]) == [actor], key
    assert not filter_actors({"territoire": "department-81"})[0].exists()


def test_idempotent(occitanie):
    assert occitanie.created["commune"] == 4446 and occitanie.changed > 4446
    snapshot = list(
        Territory.objects.order_by("pk").values_list(
            "pk", "level", "code", "name", "parent", "path", "postal_codes", "population"
        )
    )
    again = territories.load(regions={"76"})
    assert again.changed == 0 and sum(again.unchanged.values()) == len(snapshot)
    assert (
        list(
            Territory.objects.order_by("pk").values_list(
                "pk", "level", "code", "name", "parent", "path", "postal_codes", "population"
            )
        )
        == snapshot
    )


def test_updates_the_minimal_seed_in_place(db, etalab_source):
    """Territories created by hand (e.g. the demo's minimal reference) are corrected, not duplicated."""
    region = Territory.objects.create(level="region", code="76", name="Occitanie")
    department = Territory.objects.create(
        level="department", code="31", name="Haute-Garonne", parent=region
    )
    muret = Territory.objects.create(level="commune", code="31395", name="Muret", parent=department)
    actor = Organisation.objects.create(name="Régie de quartier", commune=muret)
    assert actor.territory_path == "/region-76/department-31/commune-31395/"
    territories.load(etalab_source, {"76"})
    muret.refresh_from_db()
    actor.refresh_from_db()
    assert actor.territory_path == muret.path  # the directory follows the move into the EPCI
    assert muret.parent.level == "epci" and muret.parent.name == "CA Le Muretain Agglo"
    assert muret.path == f"/region-76/department-31/{muret.parent.key}/commune-31395/"
    assert Territory.objects.filter(level="commune", code="31395").count() == 1


def test_command_with_progress_and_summary(db, etalab_source):
    out = io.StringIO()
    call_command("load_territories", region=["76"], source=str(etalab_source), stdout=out)
    text = out.getvalue()
    assert "Commune" in text and "4446/4446" in text
    assert "Commune : 4446 créé(s), 0 mis à jour, 0 inchangé(s)" in text
    out = io.StringIO()
    call_command("load_territories", region=["76"], source=str(etalab_source), stdout=out)
    assert "Commune : 0 créé(s), 0 mis à jour, 4446 inchangé(s)" in out.getvalue()


def test_missing_source_tells_how_to_fetch(db, tmp_path):
    with pytest.raises(CommandError, match="scripts/fetch-territories.sh"):
        call_command("load_territories", source=str(tmp_path))
    assert not Territory.objects.exists()
