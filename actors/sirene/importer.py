"""Importing the ESS establishments of INSEE's Sirene stock files into the directory.

Two passes, memory bounded whatever the files' size: the legal units file first, keeping only the ESS units
(`economieSocialeSolidaireUniteLegale = "O"`, a few hundred thousand in France); then the establishments file,
streamed in Arrow batches filtered in C++ (commune in the territories, unit in the ESS set), while counting every
active establishment per commune (the portrait's denominator). The rows kept are applied in batches, each in its
own transaction: a file that breaks half-way keeps what was imported before.

Rules: one organisation per SIRET (matched on the register's record, then on Organisation.siret), never a
duplicate; an organisation named by an editor (or there before the register) keeps its name, text, themes and
contacts, the register refreshing only its own fields (legal category, activity, size band, address, position,
open or closed); a closed establishment already in the directory is marked closed with its date, never deleted;
a protected value of a partially diffusible unit ("[ND]") is never stored, so nothing can show it.
"""

from __future__ import annotations

import datetime
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.db import transaction
from django.utils.text import slugify

from actors.models import RESERVED_SLUGS, Organisation, organisation_path, sort_key
from actors.signals import organisations_imported
from actors.sirene import labels, layout, reader
from actors.sirene.models import EstablishmentCount, RegisterEntry, register_codes
from actors.sirene.reader import SireneFileError
from core.progress import Progress
from taxonomy.models import Territory

MAX_REPORTED = 1000
PARTIAL_NAME = "Structure de l'ESS à diffusion partielle"
# Paris, Lyon and Marseille: Sirene places establishments in municipal arrondissements, the directory in the commune.
ARRONDISSEMENTS = {
    **{f"751{n:02d}": "75056" for n in range(1, 21)},
    **{f"6938{n}": "69123" for n in range(1, 10)},
    **{f"132{n:02d}": "13055" for n in range(1, 17)},
}
# Lambert-93 for metropolitan France; the register gives UTM coordinates in the overseas departments.
PROJECTIONS = {"971": 5490, "972": 5490, "973": 2972, "974": 2975, "976": 4471}
# Positions further than this from the commune's centre are taken as wrong (the centre is shown instead).
MAX_DISTANCE_DEGREES = 0.5


@dataclass
class Refusal:
    siret: str
    reason: str

    def __str__(self) -> str:
        return f"{self.siret or 'ligne'} : {self.reason}"


@dataclass
class SireneReport:
    dry_run: bool
    units_read: int = 0
    ess_units: int = 0
    establishments_read: int = 0
    kept: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    closed_not_listed: int = 0
    refused_count: int = 0
    refused: list[Refusal] = field(default_factory=list)
    bad_lines: list[str] = field(default_factory=list)
    bad_count: int = 0
    error: str = ""
    counted_communes: int = 0
    seconds: float = 0.0

    def refuse(self, siret: str, reason: str) -> None:
        self.refused_count += 1
        if len(self.refused) < MAX_REPORTED:
            self.refused.append(Refusal(siret, reason))

    def summary(self) -> list[str]:
        will = self.dry_run
        lines = [
            f"{'Simulation (rien n’a été enregistré)' if will else 'Import Sirene terminé'} en {self.seconds:.1f} s.",
            f"  Unités légales lues : {self.units_read:n}, dont {self.ess_units:n} de l'ESS.",
            f"  Établissements lus : {self.establishments_read:n} ; retenus (ESS, dans le territoire) : {self.kept:n}.",
            f"  Acteurs {'à créer' if will else 'créés'} : {self.created:n} ; "
            f"{'à mettre à jour' if will else 'mis à jour'} : {self.updated:n} ; inchangés : {self.unchanged:n} ; "
            f"{'à marquer fermés' if will else 'marqués fermés'} : {self.closed:n}.",
            f"  Établissements fermés absents de l'annuaire (ignorés) : {self.closed_not_listed:n}.",
            f"  Lignes refusées : {self.refused_count + self.bad_count:n}.",
        ]
        lines += [f"    {line}" for line in self.bad_lines[:50]]
        lines += [f"    {refusal}" for refusal in self.refused[:50]]
        if self.refused_count + self.bad_count > 100:
            lines.append("    (seules les premières sont citées)")
        if self.counted_communes:
            lines.append(
                f"  Établissements actifs comptés dans {self.counted_communes:n} commune(s)."
            )
        if self.error:
            lines.append(
                f"  Lecture interrompue : {self.error} Ce qui a été importé avant reste enregistré ; "
                "les comptages par commune n'ont pas été modifiés."
            )
        return lines


@dataclass
class Unit:
    name: str
    legal_category: str
    naf: str
    naf_2025: str
    size_band: str
    partial: bool


def clean(value: bytes | str | None) -> str:
    """A register value as text; "[ND]" (not diffused) and blanks become ""."""
    if value is None:
        return ""
    text = value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value
    text = " ".join(text.split())
    return "" if text == layout.NOT_DIFFUSED else text


def unit_name(row: dict) -> str:
    for column in (
        "denominationUniteLegale",
        "denominationUsuelle1UniteLegale",
        "sigleUniteLegale",
    ):
        if name := clean(row.get(column)):
            return name
    person = " ".join(
        filter(None, (clean(row.get("prenomUsuelUniteLegale")), clean(row.get("nomUniteLegale"))))
    )
    return person


def siren_keys(column: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Sirens as integers, the keys of the join; -1 where the value is not a number."""
    digits = pc.match_substring_regex(column, r"^[0-9]{1,18}$")
    keys = pc.if_else(digits, column, b"-1").cast(pa.string()).cast(pa.int64())
    return keys.to_numpy(zero_copy_only=False)


@dataclass
class EssUnits:
    """The ESS legal units sorted by siren: `keys`, their sirens as a sorted int64 array (8 bytes a unit, the
    join's value set, built once), and `table`, their columns in the same order (bytes, about 100 bytes a unit).
    No Python object per unit: a national file's 1.3 million units stay a few tens of megabytes."""

    table: pa.Table
    keys: np.ndarray

    def match(self, sirens: pa.Array) -> tuple[pa.Array, pa.Table]:
        """Which of these sirens are ESS units (a boolean mask) and those units' rows, in the same order."""
        wanted = siren_keys(sirens)
        if not len(self.keys):
            return pa.array(np.zeros(len(wanted), bool)), self.table.slice(0, 0)
        positions = np.searchsorted(self.keys, wanted)
        np.minimum(positions, len(self.keys) - 1, out=positions)
        found = self.keys[positions] == wanted
        return pa.array(found), self.table.take(pa.array(positions[found]))


def read_units(path: Path | str, report: SireneReport, stream: TextIO | None) -> EssUnits:
    """The ESS legal units of the file (`economieSocialeSolidaireUniteLegale = "O"`), sorted by siren; a unit
    listed twice keeps its last line."""
    info, batches = reader.batches(path, layout.UNIT_REQUIRED, layout.UNIT_OPTIONAL)
    kept: list[pa.RecordBatch] = []
    progress = Progress("Unités légales", 0, stream)
    for batch in batches:
        report.units_read += batch.num_rows
        kept.append(
            batch.filter(pc.equal(batch.column("economieSocialeSolidaireUniteLegale"), b"O"))
        )
        progress.update(report.units_read)
    progress.finish()
    report.bad_count += info.bad_count
    report.bad_lines += [f"Unités légales, {bad}" for bad in info.bad_lines]
    if not kept:
        empty = pa.table(
            {name: pa.array([], pa.binary()) for name in ("siren", *layout.UNIT_REQUIRED)}
        )
        return EssUnits(empty, np.zeros(0, np.int64))
    table = pa.Table.from_batches(kept)
    del kept
    report.ess_units = pc.count_distinct(table.column("siren")).as_py()
    keys = siren_keys(table.column("siren"))
    order = np.argsort(keys, kind="stable")  # a siren's lines in file order: its last line last
    keys = keys[order]
    last = np.append(keys[1:] != keys[:-1], True) & (keys >= 0)
    units = EssUnits(table.take(pa.array(order[last])), keys[last])
    del table
    pa.default_memory_pool().release_unused()
    return units


def unit_of(row: dict) -> Unit:
    naf, nomenclature = (
        clean(row["activitePrincipaleUniteLegale"]),
        clean(row.get("nomenclatureActivitePrincipaleUniteLegale")),
    )
    return Unit(
        name=unit_name(row),
        legal_category=clean(row["categorieJuridiqueUniteLegale"])[:4],
        naf=naf[:6] if nomenclature in ("", "NAFRev2") else "",
        naf_2025=clean(row.get("activitePrincipaleNAF25UniteLegale"))[:7],
        size_band=labels.size_band(clean(row["trancheEffectifsUniteLegale"])),
        partial=clean(row["statutDiffusionUniteLegale"]) == "P",
    )


class Projector:
    """Lambert-93 (or overseas UTM) to WGS84 with pyproj; positions far from the commune are dropped."""

    def __init__(self) -> None:
        from pyproj import Transformer

        self._transformers: dict[int, Transformer] = {}
        self._factory = Transformer.from_crs

    def latlon(self, commune_code: str, x: str, y: str, centre: tuple[float | None, float | None]):
        try:
            fx, fy = float(x.replace(",", ".")), float(y.replace(",", "."))
        except ValueError:
            return None
        epsg = PROJECTIONS.get(commune_code[:3], 2154)
        if epsg not in self._transformers:
            self._transformers[epsg] = self._factory(epsg, 4326, always_xy=True)
        lon, lat = self._transformers[epsg].transform(fx, fy)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return None
        if centre[0] is not None and centre[1] is not None:
            if (
                abs(lat - centre[0]) > MAX_DISTANCE_DEGREES
                or abs(lon - centre[1]) > MAX_DISTANCE_DEGREES
            ):
                return None
        return round(lat, 6), round(lon, 6)


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _address(row: dict) -> str:
    parts = [
        clean(row.get(c))
        for c in (
            "numeroVoieEtablissement",
            "indiceRepetitionEtablissement",
            "typeVoieEtablissement",
            "libelleVoieEtablissement",
        )
    ]
    street = " ".join(p for p in parts if p)
    complement = clean(row.get("complementAdresseEtablissement"))
    return ", ".join(p for p in (complement, street) if p)[:255]


class Importer:
    def __init__(self, report: SireneReport, communes: dict[str, tuple]) -> None:
        self.report, self.communes = report, communes
        self.projector = Projector()
        self.seen: set[str] = set()

    def parse(self, row: dict, unit: Unit) -> dict | None:
        siret = clean(row["siret"])
        if len(siret) != 14 or not siret.isdigit():
            self.report.refuse(siret, "SIRET invalide (14 chiffres attendus)")
            return None
        if siret in self.seen:
            self.report.refuse(
                siret, "SIRET en double dans le fichier (seule la première ligne est lue)"
            )
            return None
        self.seen.add(siret)
        code = clean(row["codeCommuneEtablissement"])
        commune_pk, commune_path, lat, lon = self.communes[ARRONDISSEMENTS.get(code, code)]
        partial = unit.partial or clean(row["statutDiffusionEtablissement"]) == "P"
        own = clean(row.get("denominationUsuelleEtablissement")) or clean(
            row.get("enseigne1Etablissement")
        )
        name = unit.name or own or PARTIAL_NAME
        if own and unit.name and own.casefold() != unit.name.casefold():
            name = f"{unit.name} ({own})"
        nomenclature = clean(row.get("nomenclatureActivitePrincipaleEtablissement"))
        naf = (
            clean(row.get("activitePrincipaleEtablissement"))[:6]
            if nomenclature in ("", "NAFRev2")
            else ""
        )
        naf_2025 = clean(row.get("activitePrincipaleNAF25Etablissement"))[:7]
        if not naf and not naf_2025:
            naf, naf_2025 = unit.naf, unit.naf_2025
        position = None
        if not partial:
            position = self.projector.latlon(
                code,
                clean(row.get("coordonneeLambertAbscisseEtablissement")),
                clean(row.get("coordonneeLambertOrdonneeEtablissement")),
                (lat, lon),
            )
        active = clean(row["etatAdministratifEtablissement"]) == "A"
        return {
            "siret": siret,
            "name": name[:255],
            "active": active,
            "closed_on": None if active else _date(clean(row["dateDebut"])),
            "commune_id": commune_pk,
            "commune_path": commune_path,
            "address": "" if partial else _address(row),
            "postal_code": "" if partial else clean(row.get("codePostalEtablissement"))[:5],
            "latitude": position[0] if position else None,
            "longitude": position[1] if position else None,
            "entry": {
                "siren": siret[:9],
                "legal_category": unit.legal_category,
                "family": labels.family(unit.legal_category),
                "naf": naf,
                "naf_2025": naf_2025,
                "sector": labels.sector(naf, naf_2025),
                "size_band": labels.size_band(clean(row.get("trancheEffectifsEtablissement")))
                or unit.size_band,
                "partially_diffusible": partial,
                "active": active,
                "closed_on": None if active else _date(clean(row["dateDebut"])),
                "approximate": position is None,
            },
        }

    def apply(self, rows: list[dict], dry_run: bool) -> list[int]:
        """Creates or updates the organisations of these rows; returns the pks of those changed."""
        sirets = [r["siret"] for r in rows]
        entries = {
            e.siret: e
            for e in RegisterEntry.objects.filter(siret__in=sirets).select_related("organisation")
        }
        listed = {}
        for org in Organisation.objects.filter(siret__in=sirets, register__isnull=True).order_by(
            "pk"
        ):
            listed.setdefault(org.siret, org)
        new_orgs: list[tuple[Organisation, dict]] = []
        org_updates: dict[int, Organisation] = {}
        entry_updates: list[RegisterEntry] = []
        new_entries: list[RegisterEntry] = []
        changed: list[int] = []
        org_fields: set[str] = set()
        entry_fields: set[str] = set()
        for row in rows:
            entry = entries.get(row["siret"])
            org = entry.organisation if entry else listed.get(row["siret"])
            if org is None:
                if not row["active"]:
                    self.report.closed_not_listed += 1
                    continue
                new_orgs.append((self._new_organisation(row), row))
                self.report.created += 1
                continue
            org_changes = self._refresh_organisation(org, row, entry)
            if entry is None:
                entry = RegisterEntry(
                    organisation=org, siret=row["siret"], register_name="", **row["entry"]
                )
                new_entries.append(entry)
                entry_changes = {"*"}
                if not row["active"]:
                    self.report.closed += 1
            else:
                entry_changes = {k for k, v in row["entry"].items() if getattr(entry, k) != v}
                if "active" in entry_changes and not row["active"]:
                    self.report.closed += 1
                for k in entry_changes:
                    setattr(entry, k, row["entry"][k])
                if "name" in org_changes:
                    entry.register_name = org.name
                    entry_changes.add("register_name")
                if entry_changes:
                    entry_updates.append(entry)
                    entry_fields |= entry_changes
            if org_changes or entry_changes:
                self.report.updated += 1
                changed.append(org.pk)
                if org_changes:
                    org_updates[org.pk] = org
                    org_fields |= org_changes
            else:
                self.report.unchanged += 1
        if dry_run:
            return []
        with transaction.atomic():
            if new_orgs:
                self._slugs([org for org, _ in new_orgs])
                created = Organisation.objects.bulk_create([org for org, _ in new_orgs])
                new_entries += [
                    RegisterEntry(
                        organisation=org, siret=row["siret"], register_name=org.name, **row["entry"]
                    )
                    for org, (_, row) in zip(created, new_orgs)
                ]
                changed += [org.pk for org in created]
            if org_updates:
                fields = sorted(org_fields | {"territory_path", "sort_name"})
                Organisation.objects.bulk_update(list(org_updates.values()), fields)
            if entry_updates:
                RegisterEntry.objects.bulk_update(entry_updates, sorted(entry_fields))
            if new_entries:
                RegisterEntry.objects.bulk_create(new_entries)
        return changed

    def _new_organisation(self, row: dict) -> Organisation:
        return Organisation(
            name=row["name"],
            siret=row["siret"],
            category=Organisation.Category.ESS_ACTOR,
            legal_form=labels.FAMILY_LEGAL_FORM.get(row["entry"]["family"], ""),
            address=row["address"],
            postal_code=row["postal_code"],
            commune_id=row["commune_id"],
            territory_path=organisation_path(row["commune_path"], ""),
            sort_name=sort_key(row["name"]),
            latitude=row["latitude"],
            longitude=row["longitude"],
            **register_codes(row["entry"]),
        )

    def _refresh_organisation(
        self, org: Organisation, row: dict, entry: RegisterEntry | None
    ) -> set[str]:
        """Sets the register's fields that differ; the name only if the register gave it. Returns them."""
        wanted: dict = {"commune_id": row["commune_id"], **register_codes(row["entry"])}
        if entry is not None and org.name == entry.register_name and row["name"] != org.name:
            wanted["name"] = row["name"]
        if row["address"]:
            wanted["address"] = row["address"]
        if row["postal_code"]:
            wanted["postal_code"] = row["postal_code"]
        if row["latitude"] is not None:
            wanted["latitude"], wanted["longitude"] = row["latitude"], row["longitude"]
        if not org.legal_form and labels.FAMILY_LEGAL_FORM.get(row["entry"]["family"]):
            wanted["legal_form"] = labels.FAMILY_LEGAL_FORM[row["entry"]["family"]]
        changes = set()
        for key, value in wanted.items():
            current = getattr(org, key)
            if key in ("latitude", "longitude") and current is not None:
                current = round(float(current), 6)
            if current != value:
                setattr(org, key, value)
                changes.add(key)
        if changes:
            org.territory_path = organisation_path(
                row["commune_path"], org.territory.path if org.territory_id else ""
            )
            org.sort_name = sort_key(org.name)
        return changes

    def _slugs(self, orgs: list[Organisation]) -> None:
        bases = {org.pk or id(org): slugify(org.name)[:220] or "sans-nom" for org in orgs}
        taken = set(
            Organisation.objects.filter(slug__in=set(bases.values())).values_list("slug", flat=True)
        )
        taken |= RESERVED_SLUGS
        for org in orgs:
            base = bases[org.pk or id(org)]
            org.slug = base if base not in taken else f"{base}-{org.siret}"
            taken.add(org.slug)


def scope_communes(territories: list[Territory] | None) -> dict[str, tuple]:
    """Commune code → (pk, path, latitude, longitude) of the communes in the territories (all without)."""
    qs = Territory.objects.filter(level=Territory.Level.COMMUNE)
    if territories:
        pks: set[int] = set()
        for place in territories:
            pks |= set(
                place.descendants()
                .filter(level=Territory.Level.COMMUNE)
                .values_list("pk", flat=True)
            )
        qs = qs.filter(pk__in=pks)
    return {
        code: (pk, path, lat, lon)
        for pk, code, path, lat, lon in qs.values_list(
            "pk", "code", "path", "latitude", "longitude"
        )
    }


def import_sirene(
    units_path: Path | str,
    establishments_path: Path | str,
    territories: list[Territory] | None = None,
    dry_run: bool = False,
    stream: TextIO | None = None,
    batch_size: int = 2000,
    block_size: int = reader.BLOCK_SIZE,
) -> SireneReport:
    """Reads both files and updates the directory. A file that cannot be opened raises SireneFileError before
    anything is written; one that breaks half-way ends the import with `report.error` set."""
    started = time.monotonic()
    report = SireneReport(dry_run=dry_run)
    communes = scope_communes(territories)
    units = read_units(units_path, report, stream)
    info, batches = reader.batches(
        establishments_path,
        layout.ESTABLISHMENT_REQUIRED,
        layout.ESTABLISHMENT_OPTIONAL,
        block_size=block_size,
    )
    codes = set(communes) | {a for a, c in ARRONDISSEMENTS.items() if c in communes}
    scope = pa.array(sorted(c.encode() for c in codes), pa.binary())
    importer = Importer(report, communes)
    counts: Counter = Counter()
    pending: list[dict] = []
    progress = Progress("Établissements", 0, stream)
    try:
        for batch in batches:
            commune = batch.column("codeCommuneEtablissement")
            in_scope = pc.is_in(commune, value_set=scope)
            active = pc.equal(batch.column("etatAdministratifEtablissement"), b"A")
            for value in pc.value_counts(commune.filter(pc.and_(in_scope, active))).to_pylist():
                counts[value["values"]] += value["counts"]
            scoped = batch.filter(in_scope)
            found, unit_rows = units.match(scoped.column("siren"))
            kept = scoped.filter(found)
            del batch, scoped
            for row, unit_row in zip(kept.to_pylist(), unit_rows.to_pylist()):
                report.kept += 1
                if parsed := importer.parse(row, unit_of(unit_row)):
                    pending.append(parsed)
                if len(pending) >= batch_size:
                    _flush(importer, pending, dry_run)
            report.establishments_read = info.rows
            progress.update(info.rows)
        _flush(importer, pending, dry_run)
    except SireneFileError as exc:
        report.error = str(exc)
        _flush(importer, pending, dry_run)
    progress.finish()
    report.establishments_read = info.rows
    report.bad_count += info.bad_count
    report.bad_lines += [f"Établissements, {bad}" for bad in info.bad_lines]
    if not report.error:
        report.counted_communes = _store_counts(communes, counts, dry_run)
    report.seconds = time.monotonic() - started
    return report


def _flush(importer: Importer, pending: list[dict], dry_run: bool) -> None:
    if pending:
        changed = importer.apply(pending, dry_run)
        pending.clear()
        if changed:
            organisations_imported.send(sender=Organisation, pks=changed)


def _store_counts(communes: dict[str, tuple], counts: Counter, dry_run: bool) -> int:
    """Active establishments per commune of the scope (arrondissements added to their commune)."""
    per_commune: Counter = Counter()
    for code, n in counts.items():
        code = code.decode()
        per_commune[communes[ARRONDISSEMENTS.get(code, code)][0]] += n
    if dry_run:
        return len(per_commune)
    pks = [pk for pk, *_ in communes.values()]
    with transaction.atomic():
        for start in range(0, len(pks), 5000):
            EstablishmentCount.objects.filter(commune_id__in=pks[start : start + 5000]).delete()
        EstablishmentCount.objects.bulk_create(
            [EstablishmentCount(commune_id=pk, active=n) for pk, n in per_commune.items()],
            batch_size=5000,
        )
    return len(per_commune)
