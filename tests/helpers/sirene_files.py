"""Small register files in INSEE's layout (actors/sirene/sample.py) and import_sirene run on them: ESS and other
units, closed establishments, partially diffusible units, Lambert-93 coordinates, a malformed line."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command

from actors.sirene import sample
from actors.sirene.layout import ETABLISSEMENTS_COLUMNS, UNITES_LEGALES_COLUMNS

ESS = sample.luhn_complete("30000001")  # association, two establishments in Ramonville
PARTIAL = sample.luhn_complete("30000002")  # partially diffusible cooperative in Labège
OTHER = sample.luhn_complete("30000003")  # not ESS
PARIS = sample.luhn_complete("30000004")  # ESS, in Paris (outside the Haute-Garonne)


def siret(siren: str, nic: str) -> str:
    return sample.luhn_complete(siren + nic)


def units(**changes) -> list:
    rows = [
        sample.unit_row(
            ESS,
            denominationUniteLegale="LES JARDINS DE RAMONVILLE",
            categorieJuridiqueUniteLegale="9220",
            trancheEffectifsUniteLegale="11",
        ),
        sample.unit_row(
            PARTIAL,
            statutDiffusionUniteLegale="P",
            denominationUniteLegale="[ND]",
            nomUniteLegale="[ND]",
            sigleUniteLegale="[ND]",
            categorieJuridiqueUniteLegale="5458",
            activitePrincipaleUniteLegale="56.10A",
        ),
        sample.unit_row(
            OTHER, economieSocialeSolidaireUniteLegale="N", categorieJuridiqueUniteLegale="5710"
        ),
        sample.unit_row(PARIS, categorieJuridiqueUniteLegale="8210"),
    ]
    for row in rows:
        row.update(changes.get(row["siren"], {}))
    return rows


def establishments(ramonville_xy, closed_second: bool = False) -> list:
    x, y = ramonville_xy
    return [
        sample.establishment_row(
            siret(ESS, "0001"),
            coordonneeLambertAbscisseEtablissement=str(x),
            coordonneeLambertOrdonneeEtablissement=str(y),
            trancheEffectifsEtablissement="11",
        ),
        sample.establishment_row(
            siret(ESS, "0002"),
            etablissementSiege="false",
            enseigne1Etablissement="BOUTIQUE SOLIDAIRE",
            coordonneeLambertAbscisseEtablissement="",
            coordonneeLambertOrdonneeEtablissement="",
            **(
                {"etatAdministratifEtablissement": "F", "dateDebut": "2026-10-31"}
                if closed_second
                else {}
            ),
        ),
        sample.establishment_row(
            siret(ESS, "0003"),
            etatAdministratifEtablissement="F",
            dateDebut="2020-01-31",
            codeCommuneEtablissement="31555",
        ),
        "ligne,cassée",
        sample.establishment_row(
            siret(PARTIAL, "0001"),
            statutDiffusionEtablissement="P",
            codeCommuneEtablissement="31254",
            numeroVoieEtablissement="[ND]",
            typeVoieEtablissement="[ND]",
            libelleVoieEtablissement="[ND]",
            codePostalEtablissement="[ND]",
            coordonneeLambertAbscisseEtablissement="[ND]",
            coordonneeLambertOrdonneeEtablissement="[ND]",
            activitePrincipaleEtablissement="56.10A",
        ),
        sample.establishment_row(siret(OTHER, "0001")),
        sample.establishment_row(siret(PARIS, "0001"), codeCommuneEtablissement="75101"),
    ]


def write(tmp_path: Path, fmt: str, unit_rows, establishment_rows) -> tuple[Path, Path]:
    writer = {"csv": sample.write_csv, "zip": sample.write_zip, "parquet": sample.write_parquet}[
        fmt
    ]
    if fmt == "parquet":
        establishment_rows = [r for r in establishment_rows if isinstance(r, dict)]
    suffix = {"csv": ".csv", "zip": ".zip", "parquet": ".parquet"}[fmt]
    return (
        writer(tmp_path / f"StockUniteLegale{suffix}", UNITES_LEGALES_COLUMNS, unit_rows),
        writer(
            tmp_path / f"StockEtablissement{suffix}", ETABLISSEMENTS_COLUMNS, establishment_rows
        ),
    )


def run(paths, *args: str) -> str:
    out = io.StringIO()
    call_command(
        "import_sirene",
        "--unites-legales",
        str(paths[0]),
        "--etablissements",
        str(paths[1]),
        "--territoire",
        "department-31",
        *args,
        stdout=out,
    )
    return out.getvalue()
