"""Loading France's administrative divisions (Etalab's `@etalab/decoupage-administratif`) into Territory.

region ⊃ department ⊃ EPCI ⊃ commune, keyed by official codes (INSEE; SIREN for EPCIs). An EPCI hangs under
the department holding most of its communes; a commune under its EPCI, or its department when it has none.
A commune's path always runs through its own department (an EPCI may straddle two), so that
`ancestor_keys()` names every level above it. Upsert by (level, code): running it again changes nothing.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.db import transaction

from core.progress import Progress
from taxonomy import centres
from taxonomy.models import LEVELS, Territory, commune_path
from taxonomy.signals import territories_moved

L = Territory.Level
FETCH_SCRIPT = "scripts/fetch-territories.sh"
FIELDS = ("name", "parent_id", "path", "postal_codes", "population", "latitude", "longitude")


class SourceMissing(Exception):
    pass


@dataclass(frozen=True)
class Row:
    level: str
    code: str
    name: str
    parent: tuple[str, str] | None
    path: str
    postal_codes: str = ""
    population: int | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class Stats:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())


def default_source() -> Path:
    return Path(
        getattr(
            settings,
            "MAILLAGE_TERRITORIES_DIR",
            settings.VAR_DIR / "etalab" / "decoupage-administratif",
        )
    )


def data_dir(source: Path | str | None = None) -> Path:
    """The folder holding communes.json…: `source` itself or its `data/` subfolder."""
    base = Path(source) if source else default_source()
    for candidate in (base / "data", base):
        if (candidate / "communes.json").is_file():
            return candidate
    raise SourceMissing(
        f"Référentiel des territoires introuvable dans {base}. Téléchargez-le avec `{FETCH_SCRIPT}` "
        "(paquet npm @etalab/decoupage-administratif), ou relancez avec --fetch."
    )


@lru_cache(maxsize=8)
def _read_json(path: str, mtime: float) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def read_json(path: Path) -> list[dict]:
    return _read_json(str(path), path.stat().st_mtime)


def _epci_department(members: list[dict], communes: dict[str, dict]) -> str:
    """The department holding most of the EPCI's communes (ties: most inhabitants, then lowest code)."""
    count: Counter = Counter()
    population: Counter = Counter()
    for member in members:
        commune = communes.get(member["code"])
        if commune:
            count[commune["departement"]] += 1
            population[commune["departement"]] += commune.get("population") or 0
    return min(count, key=lambda dep: (-count[dep], -population[dep], dep))


def read_reference(source: Path | str | None = None, regions: set[str] | None = None) -> list[Row]:
    """Every territory of the reference (or of `regions` and what they need), parents first."""
    folder = data_dir(source)
    communes = {
        c["code"]: c
        for c in read_json(folder / "communes.json")
        if c.get("type") == "commune-actuelle"
    }
    departments = {d["code"]: d for d in read_json(folder / "departements.json")}
    region_names = {r["code"]: r["nom"] for r in read_json(folder / "regions.json")}
    epcis = {e["code"]: e for e in read_json(folder / "epci.json")}

    population: Counter = Counter()
    for c in communes.values():
        population[(L.DEPARTMENT, c["departement"])] += c.get("population") or 0
        population[(L.REGION, c["region"])] += c.get("population") or 0
    epci_of = {m["code"]: code for code, e in epcis.items() for m in e["membres"]}
    epci_dep = {code: _epci_department(e["membres"], communes) for code, e in epcis.items()}

    wanted = [c for c in communes.values() if not regions or c["region"] in regions]
    wanted_epcis = sorted({epci_of[c["code"]] for c in wanted if c["code"] in epci_of})
    wanted_deps = sorted(
        {c["departement"] for c in wanted} | {epci_dep[code] for code in wanted_epcis}
    )
    wanted_regions = sorted({departments[d]["region"] for d in wanted_deps})

    paths: dict[tuple[str, str], str] = {}
    rows: list[Row] = []
    for code in wanted_regions:
        paths[(L.REGION, code)] = f"/region-{code}/"
        rows.append(
            Row(
                L.REGION,
                code,
                region_names[code],
                None,
                paths[(L.REGION, code)],
                population=population[(L.REGION, code)] or None,
            )
        )
    for code in wanted_deps:
        parent = (L.REGION, departments[code]["region"])
        paths[(L.DEPARTMENT, code)] = f"{paths[parent]}department-{code}/"
        rows.append(
            Row(
                L.DEPARTMENT,
                code,
                departments[code]["nom"],
                parent,
                paths[(L.DEPARTMENT, code)],
                population=population[(L.DEPARTMENT, code)] or None,
            )
        )
    for code in wanted_epcis:
        parent = (L.DEPARTMENT, epci_dep[code])
        paths[(L.EPCI, code)] = f"{paths[parent]}epci-{code}/"
        rows.append(
            Row(
                L.EPCI,
                code,
                epcis[code]["nom"],
                parent,
                paths[(L.EPCI, code)],
                population=epcis[code].get("populationMunicipale"),
            )
        )
    for c in sorted(wanted, key=lambda c: c["code"]):
        own_department = paths[(L.DEPARTMENT, c["departement"])]
        epci = epci_of.get(c["code"])
        if epci:
            parent, path = (
                (L.EPCI, epci),
                commune_path(own_department, paths[(L.EPCI, epci)], c["code"]),
            )
        else:
            parent, path = (L.DEPARTMENT, c["departement"]), f"{own_department}commune-{c['code']}/"
        rows.append(
            Row(
                L.COMMUNE,
                c["code"],
                c["nom"],
                parent,
                path,
                ",".join(c.get("codesPostaux") or []),
                c.get("population"),
            )
        )
    placed = centres.centres(
        rows,
        names={code: c["nom"] for code, c in communes.items()},
        departments={code: c["departement"] for code, c in communes.items()},
        gazetteer=centres.read_gazetteer(),
    )
    return [
        replace(row, latitude=point[0], longitude=point[1])
        if (point := placed.get((row.level, row.code)))
        else row
        for row in rows
    ]


def load(
    source: Path | str | None = None,
    regions: set[str] | None = None,
    stream: TextIO | None = None,
    batch_size: int = 2000,
) -> Stats:
    """Upsert the reference into Territory, in one transaction. Returns what was created/updated."""
    started = time.monotonic()
    rows = read_reference(source, regions)
    stats = Stats()
    existing = {
        (level, code): (pk, values)
        for pk, level, code, *values in Territory.objects.values_list(
            "pk", "level", "code", *FIELDS
        )
    }
    pk_of = {key: pk for key, (pk, _) in existing.items()}
    by_level: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_level[row.level].append(row)
    updated_pks: set[int] = set()
    with transaction.atomic():
        for level in LEVELS:
            progress = Progress(f"{L(level).label:<12}", len(by_level[level]), stream)
            to_create: list[Territory] = []
            to_update: list[Territory] = []
            for row in by_level[level]:
                values = [
                    row.name,
                    pk_of[row.parent] if row.parent else None,
                    row.path,
                    row.postal_codes,
                    row.population,
                    row.latitude,
                    row.longitude,
                ]
                current = existing.get((row.level, row.code))
                if current is None:
                    to_create.append(
                        Territory(level=row.level, code=row.code, **dict(zip(FIELDS, values)))
                    )
                    stats.created[level] += 1
                elif list(current[1]) != values:
                    to_update.append(
                        Territory(
                            pk=current[0],
                            level=row.level,
                            code=row.code,
                            **dict(zip(FIELDS, values)),
                        )
                    )
                    updated_pks.add(current[0])
                    stats.updated[level] += 1
                else:
                    stats.unchanged[level] += 1
                if len(to_create) >= batch_size:
                    Territory.objects.bulk_create(to_create)
                    to_create = []
                if len(to_update) >= batch_size:
                    Territory.objects.bulk_update(to_update, FIELDS)
                    to_update = []
                progress.advance()
            Territory.objects.bulk_create(to_create)
            Territory.objects.bulk_update(to_update, FIELDS)
            progress.finish()
            pk_of.update(
                ((level, code), pk)
                for code, pk in Territory.objects.filter(level=level).values_list("code", "pk")
            )
        _repath_orphans(updated_pks, {(r.level, r.code) for r in rows})
        if updated_pks:
            territories_moved.send(
                sender=Territory
            )  # e.g. actors recompute their organisations' paths
    stats.seconds = time.monotonic() - started
    return stats


def _repath_orphans(updated_pks: set[int], loaded: set[tuple[str, str]]) -> None:
    """Territories outside the reference (made by hand) under a territory that moved get a new path."""
    if not updated_pks:
        return
    for territory in Territory.objects.filter(parent_id__in=updated_pks).select_related("parent"):
        if (
            territory.level,
            territory.code,
        ) not in loaded and territory.path != territory.compute_path():
            territory.save()


def summary(stats: Stats) -> list[str]:
    lines = []
    for level in LEVELS:
        label = L(level).label
        lines.append(
            f"{label} : {stats.created[level]} créé(s), {stats.updated[level]} mis à jour, "
            f"{stats.unchanged[level]} inchangé(s)"
        )
    lines.append(f"Terminé en {stats.seconds:.1f} s.")
    return lines
