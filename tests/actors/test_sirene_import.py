"""import_sirene on small files in INSEE's layout (actors/sirene/sample.py): ESS and other units, closed
establishments, partially diffusible units, Lambert-93 coordinates, a malformed line; CSV, ZIP and Parquet."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from actors.models import EstablishmentCount, Organisation, Person, RegisterEntry
from actors.sirene import sample
from actors.sirene.importer import PARTIAL_NAME
from taxonomy.models import Theme
from tests.helpers.sirene_files import ESS, PARTIAL, establishments, run, siret, units, write

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "zip", "parquet"])
def test_import_keeps_ess_establishments_of_the_territory(tmp_path, ramonville_xy, fmt):
    paths = write(tmp_path, fmt, units(), establishments(ramonville_xy))
    output = run(paths)
    assert Organisation.objects.count() == 3  # two in Ramonville, the partial one in Labège
    assert "Acteurs créés : 3" in output and "Unités légales lues : 4, dont 3 de l'ESS." in output
    assert "Établissements fermés absents de l'annuaire (ignorés) : 1" in output
    if fmt != "parquet":
        assert "ligne malformée, 2 champ(s) au lieu de 54 : « ligne,cassée »" in output
    seat = RegisterEntry.objects.select_related("organisation").get(siret=siret(ESS, "0001"))
    org = seat.organisation
    assert org.name == "LES JARDINS DE RAMONVILLE" and org.commune.code == "31446"
    assert (
        org.legal_form == "association"
        and seat.family == "association"
        and seat.family_label == "Association"
    )
    assert seat.sector == "Q" and seat.sector_label == "Santé humaine et action sociale"
    assert seat.size_label == "10 à 19 salariés" and not seat.approximate
    commune = org.commune
    assert abs(float(org.latitude) - (commune.latitude + 0.004)) < 1e-4
    assert abs(float(org.longitude) - (commune.longitude - 0.003)) < 1e-4
    assert org.address == "12 RUE DES ECOLES" and org.territory_path.endswith("/commune-31446/")
    shop = RegisterEntry.objects.get(siret=siret(ESS, "0002"))
    assert shop.organisation.name == "LES JARDINS DE RAMONVILLE (BOUTIQUE SOLIDAIRE)"
    assert shop.approximate and shop.organisation.latitude is None  # shown at the commune's centre
    assert shop.organisation.position[2] is True
    # Active establishments of every kind per commune: Ramonville has the two ESS ones and the other unit's.
    assert EstablishmentCount.objects.get(commune=commune).active == 3


def test_partially_diffusible_units_keep_no_protected_value(tmp_path, ramonville_xy):
    run(write(tmp_path, "csv", units(), establishments(ramonville_xy)))
    entry = RegisterEntry.objects.select_related("organisation").get(siret=siret(PARTIAL, "0001"))
    org = entry.organisation
    assert entry.partially_diffusible and entry.approximate and entry.family == "cooperative"
    assert (
        org.name == PARTIAL_NAME
        and org.address == ""
        and org.postal_code == ""
        and org.latitude is None
    )
    assert org.commune.code == "31254" and entry.sector == "I"
    for model in (Organisation, RegisterEntry):
        for row in model.objects.values():
            assert not any("[ND]" in str(value) for value in row.values()), row


def test_second_import_changes_nothing_and_curated_data_wins(tmp_path, ramonville_xy):
    paths = write(tmp_path, "csv", units(), establishments(ramonville_xy))
    run(paths)
    before = {o.pk: o.updated_at for o in Organisation.objects.all()}
    assert "Acteurs créés : 0 ; mis à jour : 0 ; inchangés : 3" in run(paths)
    assert {o.pk: o.updated_at for o in Organisation.objects.all()} == before

    # An editor names, describes, tags and gives a contact to the seat.
    org = RegisterEntry.objects.get(siret=siret(ESS, "0001")).organisation
    org.name, org.description = "Jardins de Ramonville", "Jardins partagés et insertion."
    org.save()
    org.themes.add(Theme.objects.create(name="Alimentation"))
    Person.objects.create(name="Camille", organisation=org, consent=True, consent_date="2026-01-01")
    # Next month: the unit changes its name and size, the shop closes.
    changed = units(
        **{
            ESS: {
                "denominationUniteLegale": "JARDINS SOLIDAIRES",
                "trancheEffectifsUniteLegale": "12",
            }
        }
    )
    rows = establishments(ramonville_xy, closed_second=True)
    rows[0]["trancheEffectifsEtablissement"] = "12"
    output = run(write(tmp_path, "csv", changed, rows))
    assert "marqués fermés : 1" in output
    org.refresh_from_db()
    assert (
        org.name == "Jardins de Ramonville" and org.description == "Jardins partagés et insertion."
    )
    assert (
        list(org.themes.values_list("name", flat=True)) == ["Alimentation"]
        and org.people.count() == 1
    )
    assert org.register.size_band == "12"
    shop = RegisterEntry.objects.select_related("organisation").get(siret=siret(ESS, "0002"))
    assert not shop.active and str(shop.closed_on) == "2026-10-31"
    assert (
        shop.organisation.name == "JARDINS SOLIDAIRES (BOUTIQUE SOLIDAIRE)"
    )  # named by the register: refreshed
    assert Organisation.objects.count() == 3


def directory_names(client, **params) -> set[str]:
    page = client.get("/acteurs/", params).content.decode()
    return {org.name for org in Organisation.objects.all() if f">{org.name}</a>" in page}


def test_the_directory_filters_follow_the_register_after_imports_and_saves(
    client, tmp_path, ramonville_xy
):
    """The register's codes copied onto the organisation (what the directory filters on) stay those of its
    record: after an import that changes them, after an editor's save of an instance read before that import,
    and after a record saved on its own."""
    run(write(tmp_path, "csv", units(), establishments(ramonville_xy)))
    seat = RegisterEntry.objects.get(siret=siret(ESS, "0001")).organisation
    assert (seat.register_family, seat.register_size) == ("association", "11")
    assert seat.name in directory_names(client, famille="association", taille="11")
    read_by_editor = Organisation.objects.get(
        pk=seat.pk
    )  # the admin's form opened before the import

    rows = establishments(ramonville_xy)
    rows[0]["trancheEffectifsEtablissement"] = "12"
    run(write(tmp_path, "csv", units(), rows))
    assert Organisation.objects.get(pk=seat.pk).register_size == "12"
    assert seat.name in directory_names(client, taille="12", territoire="commune-31446")
    assert seat.name not in directory_names(client, taille="11")

    read_by_editor.description = "Jardins partagés."
    read_by_editor.save()
    assert Organisation.objects.get(pk=seat.pk).register_size == "12"
    assert seat.name in directory_names(client, famille="association", taille="12")

    entry = seat.register
    entry.sector, entry.family = "Q", "cooperative"
    entry.save()
    assert seat.name in directory_names(client, famille="cooperative", activite="Q")
    assert seat.name not in directory_names(client, famille="association")


def test_existing_organisation_with_the_siret_is_completed_not_duplicated(tmp_path, ramonville_xy):
    editor = Organisation(name="Les Jardins (fiche de l'équipe)", siret=siret(ESS, "0001"))
    editor.save()
    run(write(tmp_path, "csv", units(), establishments(ramonville_xy)))
    assert Organisation.objects.filter(siret=siret(ESS, "0001")).count() == 1
    editor.refresh_from_db()
    assert editor.name == "Les Jardins (fiche de l'équipe)" and editor.commune.code == "31446"
    assert editor.register.family == "association" and editor.register_family == "association"


def test_dry_run_writes_nothing(tmp_path, ramonville_xy):
    output = run(write(tmp_path, "csv", units(), establishments(ramonville_xy)), "--dry-run")
    assert "Simulation" in output and "Acteurs à créer : 3" in output
    assert not Organisation.objects.exists() and not EstablishmentCount.objects.exists()


def test_whole_france_without_territory(tmp_path, ramonville_xy):
    paths = write(tmp_path, "csv", units(), establishments(ramonville_xy))
    out = io.StringIO()
    call_command(
        "import_sirene",
        "--unites-legales",
        str(paths[0]),
        "--etablissements",
        str(paths[1]),
        stdout=out,
    )
    # Paris is not in the loaded reference (Occitanie only): its establishment cannot be placed and is left out.
    assert Organisation.objects.count() == 3


def test_bad_files_are_refused_in_french(tmp_path, ramonville_xy):
    paths = write(tmp_path, "csv", units(), establishments(ramonville_xy))
    run(paths)
    wrong = sample.write_csv(tmp_path / "autre.csv", ["nom", "siret"], [{"nom": "x", "siret": "1"}])
    with pytest.raises(
        CommandError, match="colonnes absentes : .*economieSocialeSolidaireUniteLegale"
    ):
        run((wrong, paths[1]))
    broken = tmp_path / "cassé.zip"
    broken.write_bytes(b"PK\x03\x04 pas une archive")
    with pytest.raises(CommandError, match="archive ZIP illisible"):
        run((paths[0], broken))
    with pytest.raises(CommandError, match="Territoire inconnu"):
        call_command(
            "import_sirene",
            "--unites-legales",
            str(paths[0]),
            "--etablissements",
            str(paths[1]),
            "--territoire",
            "epci-1",
        )
    assert Organisation.objects.count() == 3  # nothing imported before was lost


def test_scheduled_refresh_imports_new_files_once(tmp_path, ramonville_xy, settings):
    from celery import current_app

    from actors.tasks import refresh_sirene
    from tasks.periodic import beat_schedule

    entry = beat_schedule()["refresh-sirene-register"]
    assert entry["task"] == refresh_sirene.name and refresh_sirene.name in current_app.tasks
    assert entry["schedule"] == 86400.0
    paths = write(tmp_path, "zip", units(), establishments(ramonville_xy))
    settings.MAILLAGE_IMPORT_DIR = tmp_path / "imports"
    settings.MAILLAGE_SIRENE_UNITES_LEGALES, settings.MAILLAGE_SIRENE_ETABLISSEMENTS = map(
        str, paths
    )
    settings.MAILLAGE_SIRENE_TERRITOIRES = "department-31"
    assert "Acteurs créés : 3" in refresh_sirene()
    assert refresh_sirene() == "Fichiers Sirene déjà importés."
    settings.MAILLAGE_SIRENE_ETABLISSEMENTS = str(tmp_path / "absent.zip")
    assert refresh_sirene() == "Fichiers Sirene absents : rien à importer."
    assert Organisation.objects.count() == 3


def test_units_in_any_order_and_a_unit_listed_twice_keeps_its_last_line(tmp_path, ramonville_xy):
    """The ESS units are joined through their sirens sorted once: the file's order does not matter, and of a
    siren listed twice the last line wins."""
    ess, partial, other, paris = units()
    renamed = dict(ess, denominationUniteLegale="JARDINS DE RAMONVILLE (NOUVEAU NOM)")
    rows = [paris, ess, other, partial, renamed]
    output = run(write(tmp_path, "csv", rows, establishments(ramonville_xy)))
    assert "Unités légales lues : 5, dont 3 de l'ESS." in output and "Acteurs créés : 3" in output
    seat = RegisterEntry.objects.select_related("organisation").get(siret=siret(ESS, "0001"))
    assert seat.organisation.name == "JARDINS DE RAMONVILLE (NOUVEAU NOM)"
    assert RegisterEntry.objects.get(siret=siret(PARTIAL, "0001")).family == "cooperative"
