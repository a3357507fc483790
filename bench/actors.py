"""Directory benchmark: `.venv/bin/python -m bench.actors` from the project root.

Prints (never asserts):
- import of a generated 50,000-row CSV: rows per second and peak memory (RSS of the importing process,
  and for comparison the same with 10,000 rows: bounded memory means about the same peak);
- the directory page and « Cartographie de mon territoire » with 1,000 then 50,000 actors, and the ratio
  (target: at most 2×).

Everything runs on throwaway SQLite databases in a temporary folder (or --database-dir), with the full
territory reference (run scripts/fetch-territories.sh first). Nothing touches var/.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

PAGES = [
    ("annuaire", "/acteurs/"),
    ("annuaire filtré (dépt 31 + secteur)", "/acteurs/?territoire=department-31&secteur=alimentation"),
    ("annuaire, page 20", "/acteurs/?page=20"),
    ("territoire : Occitanie", "/acteurs/territoire/region-76/"),
    ("territoire : Haute-Garonne", "/acteurs/territoire/department-31/"),
    ("territoire : Sicoval", "/acteurs/territoire/epci-243100633/"),
]
SECTORS = [
    "Alimentation",
    "Réemploi",
    "Insertion",
    "Mobilité",
    "Tiers-lieux",
    "Coopération",
    "Culture",
    "Habitat",
    "Énergie",
    "Numérique",
]
FORMS = [
    "Association",
    "SCOP",
    "SCIC",
    "Coopérative",
    "Mutuelle",
    "Fondation",
    "Entreprise ESUS",
    "ACI",
    "EI",
]


def env_for(db: Path, work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{db}",
        MAILLAGE_EMBEDDED_INDEX=str(work / "search.sqlite3"),
        MEDIA_ROOT=str(work / "media"),
        DEBUG="0",
        ALLOWED_HOSTS="testserver,localhost",
        CELERY_BROKER_URL="",
        OPENSEARCH_URL="",
        PYTHONPATH=str(PROJECT_ROOT),
    )
    return env


def child(args: list[str], db: Path, work: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.actors", *args],
        env=env_for(db, work),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        sys.exit(f"child {args} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def check_digit(digits: str) -> str:
    from actors.siret import luhn_ok

    return next(d for d in "0123456789" if luhn_ok(digits + d))


def make_csv(path: Path, rows: int, seed: int = 6) -> None:
    """Actors in real communes: half in Occitanie (a regional directory), half elsewhere in France."""
    import csv

    from actors.csv_io import COLUMNS
    from taxonomy.models import Territory

    rng = random.Random(seed)
    communes = list(Territory.objects.filter(level="commune").values_list("code", "name", "path"))
    occitanie = [c for c in communes if c[2].startswith("/region-76/")]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(COLUMNS[: COLUMNS.index("secteurs") + 1])  # the required columns, in the import's order
        for i in range(rows):
            code, name, _ = rng.choice(occitanie if i % 2 else communes)
            siren = f"{10_000_000 + i:08d}"
            siren += check_digit(siren)
            siret = siren + f"{i % 10000:04d}"
            siret += check_digit(siret)
            sectors = "|".join(rng.sample(SECTORS, rng.randint(0, 3)))
            writer.writerow(
                [
                    f"Structure {i:05d} {name}",
                    rng.choice(FORMS),
                    siret if i % 4 else "",
                    f"{i % 200 + 1} rue de la Coopération",
                    "",
                    name,
                    code,
                    f"{rng.uniform(42.5, 51):.6f}",
                    f"{rng.uniform(-4.5, 8):.6f}",
                    f"https://structure-{i}.example.org",
                    sectors,
                ]
            )


def setup_django() -> None:
    import django

    django.setup()


def child_import(csv_path: str) -> dict:
    setup_django()
    from django.db import connection

    from actors.importer import import_actors

    connection.ensure_connection()
    baseline = rss_mb()
    with open(csv_path, "rb") as fh:
        report = import_actors(fh, index=False)
    return {
        "rows": report.rows,
        "created": report.created,
        "rejected": report.rejected_count,
        "seconds": report.seconds,
        "rows_per_second": report.rows_per_second,
        "peak_rss_mb": rss_mb(),
        "baseline_rss_mb": baseline,
    }


def child_views(repeat: int) -> dict:
    setup_django()
    from django.test import Client

    from actors.models import Organisation

    client = Client()
    timings = {}
    for label, url in PAGES:
        best = float("inf")
        for _ in range(repeat + 1):  # the first run warms caches up
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            best = min(best, elapsed)
        timings[label] = best
    return {"actors": Organisation.objects.count(), "timings": timings}


def child_prepare(rows: int, csv_dir: str) -> dict:
    """Migrate, load the whole territory reference, write the CSVs."""
    from django.core.management import call_command

    setup_django()
    call_command("migrate", verbosity=0)
    from taxonomy import territories

    stats = territories.load()
    for n in (1_000, 10_000, rows):
        make_csv(Path(csv_dir) / f"actors-{n}.csv", n)
    return {"territories_seconds": stats.seconds, "territories": sum(stats.created.values())}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5, help="page timings: best of N (default 5)")
    parser.add_argument("--database-dir", help="keep the databases and CSVs there (default: a temporary dir)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        result = {
            "import": lambda: child_import(rest[0]),
            "views": lambda: child_views(int(rest[0])),
            "prepare": lambda: child_prepare(int(rest[0]), rest[1]),
        }[kind]()
        print(json.dumps(result))
        return

    work = Path(args.database_dir or tempfile.mkdtemp(prefix="maillage-bench-actors-"))
    work.mkdir(parents=True, exist_ok=True)
    base = work / "base.sqlite3"
    try:
        prep = child(["--child", "prepare", str(args.rows), str(work)], base, work)
        print(
            f"Référentiel : {prep['territories']} territoires chargés en {prep['territories_seconds']:.1f} s"
        )

        print(f"\nImport CSV (SQLite, {work}) :")
        results = {}
        for n in (10_000, args.rows):
            db = work / f"import-{n}.sqlite3"
            shutil.copy(base, db)
            r = child(["--child", "import", str(work / f"actors-{n}.csv")], db, work)
            results[n] = db
            print(
                f"  {r['rows']:>6} lignes : {r['seconds']:.1f} s, {r['rows_per_second']:,.0f} lignes/s, "
                f"mémoire max {r['peak_rss_mb']:.0f} Mo (dont {r['baseline_rss_mb']:.0f} Mo au démarrage), "
                f"{r['created']} créés, {r['rejected']} rejetés"
            )

        small = work / "views-1000.sqlite3"
        shutil.copy(base, small)
        child(["--child", "import", str(work / "actors-1000.csv")], small, work)
        few = child(["--child", "views", str(args.repeat)], small, work)
        many = child(["--child", "views", str(args.repeat)], results[args.rows], work)
        print(f"\nPages (meilleur de {args.repeat}) : {few['actors']} acteurs → {many['actors']} acteurs")
        for label, _ in PAGES:
            a, b = few["timings"][label], many["timings"][label]
            print(f"  {label:<38} {a * 1000:7.1f} ms → {b * 1000:7.1f} ms   ×{b / a:.2f}")
    finally:
        if not args.database_dir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
