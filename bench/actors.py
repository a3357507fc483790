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
    (
        "annuaire filtré (dépt 31 + secteur)",
        "/acteurs/?territoire=department-31&secteur=alimentation",
    ),
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


def env_for(db: Path | str, work: Path) -> dict[str, str]:
    """The children's environment: `db` is a SQLite file, or a postgres:// URL."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=db if str(db).startswith("postgres") else f"sqlite:///{db}",
        MAILLAGE_EMBEDDED_INDEX=str(work / "search.sqlite3"),
        MEDIA_ROOT=str(work / "media"),
        DEBUG="0",
        ALLOWED_HOSTS="testserver,localhost",
        CELERY_BROKER_URL="",
        OPENSEARCH_URL="",
        PYTHONPATH=str(PROJECT_ROOT),
    )
    return env


def child(args: list[str], db: Path | str, work: Path) -> dict:
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
        writer.writerow(
            COLUMNS[: COLUMNS.index("secteurs") + 1]
        )  # the required columns, in the import's order
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


FILTER_PAGES = [
    ("Sicoval + associations", "/acteurs/?territoire=epci-243100633&famille=association"),
    ("Toulouse + santé et action sociale", "/acteurs/?territoire=commune-31555&activite=Q"),
    ("10 à 19 salariés", "/acteurs/?taille=11"),
    (
        "dépt 31 + coopératives + restauration",
        "/acteurs/?territoire=department-31&famille=cooperative&activite=I",
    ),
    ("Occitanie + fondations, page 5", "/acteurs/?territoire=region-76&famille=fondation&page=5"),
    ("q « structure 012345 »", "/acteurs/?q=structure+012345"),
    ("q « 01234 »", "/acteurs/?q=01234"),
    ("q « structure 012345 » + Occitanie", "/acteurs/?q=structure+012345&territoire=region-76"),
    ("q « 0123 » + dépt 31", "/acteurs/?q=0123&territoire=department-31"),
    ("q « structure » + Occitanie", "/acteurs/?q=structure&territoire=region-76"),
    ("q « structure » + Occitanie, page 20", "/acteurs/?q=structure&territoire=region-76&page=20"),
    ("q « structure » + dépt 31", "/acteurs/?q=structure&territoire=department-31"),
    ("q « structure » + Sicoval", "/acteurs/?q=structure&territoire=epci-243100633"),
    ("q « structure » + Toulouse", "/acteurs/?q=structure&territoire=commune-31555"),
    (
        "q « structure » + Occitanie + fondations",
        "/acteurs/?q=structure&territoire=region-76&famille=fondation",
    ),
]


def child_populate(rows: int) -> dict:
    """`rows` organisations straight into the database (half in Occitanie), each with a register record."""
    setup_django()
    from actors.models import Organisation, RegisterEntry, register_codes, search_text
    from actors.sirene import labels
    from taxonomy.models import Territory

    rng = random.Random(24)
    communes = list(Territory.objects.filter(level="commune").values_list("pk", "path"))
    occitanie = [c for c in communes if c[1].startswith("/region-76/")]
    families, sectors = list(labels.FAMILIES), [k for k in labels.SECTORS if k and "naf25" not in k]
    sizes = [k for k in labels.SIZE_BANDS if k]
    started = time.monotonic()
    for start in range(0, rows, 10_000):
        orgs, codes = [], []
        for i in range(start, min(start + 10_000, rows)):
            pk, path = rng.choice(occitanie if i % 2 else communes)
            code = {
                "family": rng.choice(families),
                "sector": rng.choice(sectors),
                "size_band": rng.choice(sizes),
            }
            codes.append(code)
            orgs.append(
                Organisation(
                    name=f"Structure {i:06d}",
                    slug=f"structure-{i}",
                    sort_name=f"structure {i:06d}",
                    search_text=search_text(f"Structure {i:06d}"),
                    commune_id=pk,
                    territory_path=path,
                    **register_codes(code),  # as the register import copies them
                )
            )
        created = Organisation.objects.bulk_create(orgs)
        RegisterEntry.objects.bulk_create(
            [
                RegisterEntry(organisation=o, siret=f"{i:014d}", siren=f"{i:09d}", **code)
                for i, o, code in zip(range(start, start + len(created)), created, codes)
            ]
        )
    return {"seconds": time.monotonic() - started, "actors": Organisation.objects.count()}


def child_filters(repeat: int) -> dict:
    """p50 and p95 of each filtered page, and of its reference: the raw SQL of the same filter's page of rows
    (ids and names, in the list's order, one cursor.execute), timed in the same run."""
    setup_django()
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client

    from actors.filters import filter_actors
    from actors.views import COUNT_BOUND

    client = Client()
    timings = {}
    for label, url in FILTER_PAGES:
        params = QueryDict(url.partition("?")[2])
        offset = (int(params.get("page", 1)) - 1) * 30
        qs, form = filter_actors(params)
        count = qs.order_by()[: COUNT_BOUND + 1].count()  # as the view (page_of): the same plan
        qs = form.in_name_order(count, offset + 30) or qs
        page = qs.order_by("sort_name", "pk").values_list("pk", "name")[offset : offset + 30]
        sql, sql_params = page.query.sql_with_params()
        client.get(url)  # warm up
        samples, raw = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(sql, sql_params)
                cursor.fetchall()
            raw.append(time.perf_counter() - started)
        timings[label] = {
            "p50": percentile(samples, 50),
            "p95": percentile(samples, 95),
            "raw_p50": percentile(raw, 50),
            "raw_p95": percentile(raw, 95),
        }
    return {"timings": timings, "vendor": connection.vendor}


def percentile(samples: list[float], pct: int) -> float:
    ordered = sorted(samples)
    return ordered[max(0, -(-len(ordered) * pct // 100) - 1)]


def postgres_database(name: str, create: bool) -> str | None:
    """The URL of database `name` on the server of $DATABASE_URL (created empty when `create`), or None when it
    does not exist."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        sys.exit(
            "--backend postgresql : DATABASE_URL (postgres://…) manque (source var/services.env)."
        )
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if create:
            if exists:
                conn.execute(f'DROP DATABASE "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        elif not exists:
            return None
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))


def register_bench(args, work: Path) -> None:
    """Prepare (or --reuse) a database of N organisations with register records per backend, then time the
    filtered directory pages."""
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        if backend == "sqlite":
            db: Path | str = work / f"register-{args.register}.sqlite3"
            ready = args.reuse and Path(db).exists()
        else:
            db = postgres_database(args.pg_database, create=False) if args.reuse else None
            ready = db is not None
            db = db or postgres_database(args.pg_database, create=True)
        if not ready:
            if backend == "sqlite" and Path(db).exists():
                Path(db).unlink()
            child(["--child", "prepare", "1000", str(work)], db, work)
            pop = child(["--child", "populate", str(args.register)], db, work)
            print(
                f"{pop['actors']:,} organisations avec fiche Sirene créées en {pop['seconds']:.0f} s ({backend})"
            )
        else:
            child(["--child", "migrate"], db, work)  # the branch's indexes on a kept database
        result = child(["--child", "filters", str(args.repeat_filters)], db, work)
        print(f"\n{backend} ({result['vendor']}), {args.repeat_filters} requêtes par page :")
        print(
            f"  {'page':<42} {'p50':>9} {'p95':>9}   {'SQL brut p50':>12} {'p95':>9}  {'p95/SQL':>8}"
        )
        for label, _ in FILTER_PAGES:
            t = result["timings"][label]
            print(
                f"  {label:<42} {t['p50'] * 1000:6.1f} ms {t['p95'] * 1000:6.1f} ms   "
                f"{t['raw_p50'] * 1000:9.1f} ms {t['raw_p95'] * 1000:6.1f} ms  ×{t['p95'] / t['raw_p95']:.1f}"
            )


def child_migrate() -> dict:
    from django.core.management import call_command
    from django.db.models import Value
    from django.db.models.functions import Concat, Lower

    setup_django()
    from actors.models import Organisation

    # Databases populated before populate wrote search_text: the same text ("Structure NNNNNN" folds to lowercase).
    Organisation.objects.filter(search_text="").update(
        search_text=Concat(Value(" "), Lower("name"), Value(" "))
    )
    call_command("migrate", verbosity=0)
    return {}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5, help="page timings: best of N (default 5)")
    parser.add_argument(
        "--database-dir", help="keep the databases and CSVs there (default: a temporary dir)"
    )
    parser.add_argument(
        "--register",
        type=int,
        default=0,
        metavar="N",
        help="only the register's filters: N organisations with register records, p95 of "
        "filtered directory pages (e.g. 500000)",
    )
    parser.add_argument(
        "--backend",
        choices=["sqlite", "postgresql", "both"],
        default="sqlite",
        help="--register: the database (postgresql: a database of its own on $DATABASE_URL's server)",
    )
    parser.add_argument(
        "--pg-database", default="maillage_bench_actors", help="--register: its PostgreSQL database"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="--register: keep the databases already populated (with --database-dir)",
    )
    parser.add_argument(
        "--repeat-filters", type=int, default=20, help="--register: requests per page (default 20)"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        result = {
            "import": lambda: child_import(rest[0]),
            "views": lambda: child_views(int(rest[0])),
            "prepare": lambda: child_prepare(int(rest[0]), rest[1]),
            "populate": lambda: child_populate(int(rest[0])),
            "filters": lambda: child_filters(int(rest[0])),
            "migrate": child_migrate,
        }[kind]()
        print(json.dumps(result))
        return

    work = Path(args.database_dir or tempfile.mkdtemp(prefix="maillage-bench-actors-"))
    work.mkdir(parents=True, exist_ok=True)
    base = work / "base.sqlite3"
    if args.register:
        try:
            register_bench(args, work)
        finally:
            if not args.database_dir:
                shutil.rmtree(work, ignore_errors=True)
        return
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
        print(
            f"\nPages (meilleur de {args.repeat}) : {few['actors']} acteurs → {many['actors']} acteurs"
        )
        for label, _ in PAGES:
            a, b = few["timings"][label], many["timings"][label]
            print(f"  {label:<38} {a * 1000:7.1f} ms → {b * 1000:7.1f} ms   ×{b / a:.2f}")
    finally:
        if not args.database_dir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
