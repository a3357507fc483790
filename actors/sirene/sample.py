"""Sirene stock files in INSEE's published layout (every column, in order), for the tests and `bench.sirene`.

`unit_row()` and `establishment_row()` give a full row with plausible values that a test overrides;
`write_csv()` / `write_zip()` / `write_parquet()` write rows as INSEE does; `generate()` writes a pair of files
of any size, streamed (ESS and other units, closed establishments, partially diffusible units with "[ND]",
Lambert-93 coordinates, a few malformed lines) and returns what an import should find.
"""

from __future__ import annotations

import csv
import functools
import io
import random
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from actors.sirene.layout import ETABLISSEMENTS_COLUMNS, NOT_DIFFUSED, UNITES_LEGALES_COLUMNS


def luhn_complete(digits: str) -> str:
    """`digits` followed by the Luhn check digit that makes a valid SIREN/SIRET."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return digits + str((10 - total % 10) % 10)


def unit_row(siren: str, **values: str) -> dict[str, str]:
    row = dict.fromkeys(UNITES_LEGALES_COLUMNS, "")
    row.update(
        {
            "siren": siren,
            "statutDiffusionUniteLegale": "O",
            "unitePurgeeUniteLegale": "",
            "dateCreationUniteLegale": "2010-03-01",
            "trancheEffectifsUniteLegale": "11",
            "anneeEffectifsUniteLegale": "2023",
            "dateDernierTraitementUniteLegale": "2025-01-10T10:00:00",
            "nombrePeriodesUniteLegale": "2",
            "categorieEntreprise": "PME",
            "anneeCategorieEntreprise": "2023",
            "dateDebut": "2015-01-01",
            "etatAdministratifUniteLegale": "A",
            "denominationUniteLegale": f"UNITE {siren}",
            "categorieJuridiqueUniteLegale": "9220",
            "activitePrincipaleUniteLegale": "88.99B",
            "nomenclatureActivitePrincipaleUniteLegale": "NAFRev2",
            "nicSiegeUniteLegale": "00012",
            "economieSocialeSolidaireUniteLegale": "O",
            "societeMissionUniteLegale": "N",
            "caractereEmployeurUniteLegale": "O",
            "activitePrincipaleNAF25UniteLegale": "88.99Y",
        }
    )
    row.update(values)
    return row


def establishment_row(siret: str, **values: str) -> dict[str, str]:
    row = dict.fromkeys(ETABLISSEMENTS_COLUMNS, "")
    row.update(
        {
            "siren": siret[:9],
            "nic": siret[9:],
            "siret": siret,
            "statutDiffusionEtablissement": "O",
            "dateCreationEtablissement": "2012-05-01",
            "trancheEffectifsEtablissement": "11",
            "anneeEffectifsEtablissement": "2023",
            "dateDernierTraitementEtablissement": "2025-01-10T10:00:00",
            "etablissementSiege": "true",
            "nombrePeriodesEtablissement": "1",
            "numeroVoieEtablissement": "12",
            "typeVoieEtablissement": "RUE",
            "libelleVoieEtablissement": "DES ECOLES",
            "codePostalEtablissement": "31520",
            "libelleCommuneEtablissement": "RAMONVILLE-SAINT-AGNE",
            "codeCommuneEtablissement": "31446",
            "identifiantAdresseEtablissement": "31446_0420_00012",
            "coordonneeLambertAbscisseEtablissement": "577321.5",
            "coordonneeLambertOrdonneeEtablissement": "6273045.2",
            "dateDebut": "2012-05-01",
            "etatAdministratifEtablissement": "A",
            "activitePrincipaleEtablissement": "88.99B",
            "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
            "caractereEmployeurEtablissement": "O",
            "activitePrincipaleNAF25Etablissement": "88.99Y",
        }
    )
    row.update(values)
    return row


def _csv_lines(columns: Iterable[str], rows: Iterable[dict[str, str] | str]) -> Iterator[str]:
    """The header, then each row (a dict, or a raw line written as is: a malformed line)."""
    columns = list(columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        if isinstance(row, str):
            buffer.write(row if row.endswith("\n") else row + "\n")
        else:
            writer.writerow([row.get(c, "") for c in columns])
        if buffer.tell() > 1 << 20:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_csv(path: Path, columns: Iterable[str], rows: Iterable[dict[str, str] | str]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for chunk in _csv_lines(columns, rows):
            fh.write(chunk)
    return path


def write_zip(path: Path, columns: Iterable[str], rows: Iterable[dict[str, str] | str]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open(path.with_suffix(".csv").name, "w") as member:
            for chunk in _csv_lines(columns, rows):
                member.write(chunk.encode())
    return path


def write_parquet(path: Path, columns: Iterable[str], rows: Iterable[dict[str, str]]) -> Path:
    import pyarrow as pa  # optional for the site: only Parquet files need it
    import pyarrow.parquet as pq

    columns = list(columns)
    rows = list(rows)
    table = pa.table(
        {c: pa.array([r.get(c, "") or None for r in rows], pa.string()) for c in columns}
    )
    pq.write_table(table, path)
    return path


@functools.cache
def _to_lambert93():
    from pyproj import Transformer

    return Transformer.from_crs(4326, 2154, always_xy=True)


def lambert93(latitude: float, longitude: float) -> tuple[float, float]:
    x, y = _to_lambert93().transform(longitude, latitude)
    return round(x, 1), round(y, 1)


@dataclass
class SampleFiles:
    unites_legales: Path
    etablissements: Path
    establishments: int = 0
    malformed: int = 0
    # What an import keeping `kept_communes` should find: active ESS establishments per commune code, and
    # active establishments of every kind per commune code.
    ess_active: dict[str, int] = field(default_factory=dict)
    all_active: dict[str, int] = field(default_factory=dict)


def generate(
    directory: Path,
    establishments: int,
    kept_communes: list[tuple[str, float, float]],
    other_communes: list[str],
    seed: int = 24,
    kept_share: float = 0.1,
    ess_share: float = 0.1,
    parquet: bool = False,
) -> SampleFiles:
    """A pair of stock files with `establishments` establishment rows (about 1.6 per unit).

    `kept_communes` (code, latitude, longitude) receive `kept_share` of the establishments, with Lambert-93
    coordinates near their centre; the others go to `other_communes`. `ess_share` of the units are ESS; 30 % of
    establishments are closed; 2 % of units are partially diffusible; one line in 50,000 is malformed.
    """
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    units = max(establishments * 10 // 16, 1)
    ess = [rng.random() < ess_share for _ in range(units)]
    partial = [rng.random() < 0.02 for _ in range(units)]
    categories = ["9220", "9220", "9220", "5458", "6317", "8210", "9300", "5710", "5499"]
    nafs = [
        "88.99B",
        "85.59A",
        "94.99Z",
        "56.10A",
        "01.11Z",
        "38.32Z",
        "90.01Z",
        "47.11F",
        "68.20B",
    ]
    lambert = {code: lambert93(lat, lon) for code, lat, lon in kept_communes}
    kept_codes = [code for code, _, _ in kept_communes]
    suffix = ".parquet" if parquet else ".csv"
    result = SampleFiles(
        directory / f"StockUniteLegale_utf8{suffix}", directory / f"StockEtablissement_utf8{suffix}"
    )

    def siren_of(i: int) -> str:
        return luhn_complete(f"{i + 10_000_000:08d}")

    def unit_rows() -> Iterator[dict[str, str]]:
        for i in range(units):
            siren = siren_of(i)
            category = (
                rng.choice(categories) if ess[i] else rng.choice(["5499", "5710", "1000", "9220"])
            )
            values = {
                "categorieJuridiqueUniteLegale": category,
                "activitePrincipaleUniteLegale": rng.choice(nafs),
                "economieSocialeSolidaireUniteLegale": "O" if ess[i] else "N",
                "trancheEffectifsUniteLegale": rng.choice(
                    ["NN", "00", "01", "02", "03", "11", "12", "21"]
                ),
            }
            if partial[i]:
                values.update(
                    statutDiffusionUniteLegale="P",
                    denominationUniteLegale=NOT_DIFFUSED,
                    nomUniteLegale=NOT_DIFFUSED,
                    sigleUniteLegale=NOT_DIFFUSED,
                )
            else:
                values["denominationUniteLegale"] = (
                    f"{'ASSOCIATION' if category.startswith('92') else 'SOCIETE'} {i}"
                )
            yield unit_row(siren, **values)

    def establishment_rows() -> Iterator[dict[str, str] | str]:
        for i in range(establishments):
            if i % 50_000 == 49_999:
                result.malformed += 1
                yield "ceci,n'est,pas,une,ligne"
                continue
            unit = rng.randrange(units)
            siret = luhn_complete(siren_of(unit) + f"{i % 10_000:04d}")
            kept = rng.random() < kept_share
            if kept:
                code = rng.choice(kept_codes)
                x, y = lambert[code]
                x, y = x + rng.uniform(-2000, 2000), y + rng.uniform(-2000, 2000)
            else:
                code = rng.choice(other_communes)
                x, y = (
                    650000.0 + rng.uniform(-200000, 200000),
                    6860000.0 + rng.uniform(-200000, 200000),
                )
            active = rng.random() >= 0.3
            values = {
                "codeCommuneEtablissement": code,
                "etatAdministratifEtablissement": "A" if active else "F",
                "dateDebut": "2016-02-01" if active else "2024-06-30",
                "coordonneeLambertAbscisseEtablissement": f"{x:.1f}",
                "coordonneeLambertOrdonneeEtablissement": f"{y:.1f}",
                "activitePrincipaleEtablissement": rng.choice(nafs),
                "trancheEffectifsEtablissement": rng.choice(
                    ["NN", "00", "01", "02", "03", "11", "12"]
                ),
                "codePostalEtablissement": code[:2] + "000",
                "libelleCommuneEtablissement": f"COMMUNE {code}",
            }
            if partial[unit]:
                values.update(
                    statutDiffusionEtablissement="P",
                    numeroVoieEtablissement=NOT_DIFFUSED,
                    typeVoieEtablissement=NOT_DIFFUSED,
                    libelleVoieEtablissement=NOT_DIFFUSED,
                    coordonneeLambertAbscisseEtablissement=NOT_DIFFUSED,
                    coordonneeLambertOrdonneeEtablissement=NOT_DIFFUSED,
                    identifiantAdresseEtablissement=NOT_DIFFUSED,
                )
            result.establishments += 1
            if kept and active:
                result.all_active[code] = result.all_active.get(code, 0) + 1
                if ess[unit]:
                    result.ess_active[code] = result.ess_active.get(code, 0) + 1
            yield establishment_row(siret, **values)

    if parquet:
        write_parquet(result.unites_legales, UNITES_LEGALES_COLUMNS, unit_rows())
        write_parquet(
            result.etablissements,
            ETABLISSEMENTS_COLUMNS,
            (r for r in establishment_rows() if isinstance(r, dict)),
        )
    else:
        write_csv(result.unites_legales, UNITES_LEGALES_COLUMNS, unit_rows())
        write_csv(result.etablissements, ETABLISSEMENTS_COLUMNS, establishment_rows())
    return result
