"""Sirene register benchmark: `.venv/bin/python -m bench.sirene [--rows 5000000]` from the project root.

Generates a StockUniteLegale / StockEtablissement pair in INSEE's published layout (every column;
actors/sirene/sample.py, shared with the tests) with `--rows` establishment rows, about 9 % of them in Occitanie,
then, each in its own process on a throwaway SQLite database holding the Occitanie reference:
- `import_sirene --territoire region-76 --dry-run` (scan, filter, join and parse, no write) and the real import;
- DuckDB (the reference, `pip install duckdb`, optional group `bench`) scanning, filtering and joining the same
  files: ESS units, establishments of the region's communes, active counts per commune, the joined rows fetched.
Prints rows per second, peak memory (RSS) and the time ratio to DuckDB, and a national estimate (40 million
establishment rows) from the measured rate; then the dry run again on the first fifth of the establishments file
(same units file): a streamed import peaks at the same memory whatever the file's size. Asserts nothing. Needs
the territory reference (scripts/fetch-territories.sh).
"""

from __future__ import annotations

import argparse
import json
import os
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

OTHER_COMMUNES = [
    "75056",
    "33063",
    "69123",
    "13055",
    "59350",
    "67482",
    "44109",
    "35238",
    "06088",
    "21231",
]
NATIONAL_ROWS = 40_000_000
MEMORY_GOAL_MB = 500


def env_for(db: Path, work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{db}",
        MAILLAGE_EMBEDDED_INDEX=str(work / "search.sqlite3"),
        MEDIA_ROOT=str(work / "media"),
        DEBUG="0",
        CELERY_BROKER_URL="",
        OPENSEARCH_URL="",
        PYTHONPATH=str(PROJECT_ROOT),
    )
    return env


def child(args: list[str], db: Path, work: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.sirene", *args],
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


def child_prepare(rows: int, work: str) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from actors.sirene import sample
    from taxonomy import territories
    from taxonomy.models import Territory

    if not Territory.objects.filter(level="region", code="76").exists():
        territories.load(None, {"76"})
    communes = list(
        Territory.objects.filter(level="commune", path__startswith="/region-76/")
        .exclude(latitude=None)
        .values_list("code", "latitude", "longitude")
    )
    started = time.monotonic()
    files = sample.generate(Path(work), rows, communes, OTHER_COMMUNES, kept_share=0.09)
    return {
        "seconds": time.monotonic() - started,
        "units": str(files.unites_legales),
        "establishments": str(files.etablissements),
        "rows": files.establishments,
        "ess_active": sum(files.ess_active.values()),
        "all_active": sum(files.all_active.values()),
        "bytes": files.etablissements.stat().st_size + files.unites_legales.stat().st_size,
    }


def child_import(units: str, establishments: str, dry_run: bool) -> dict:
    import django

    django.setup()
    from actors.sirene.importer import import_sirene
    from taxonomy.models import Territory

    baseline = rss_mb()
    started = time.monotonic()
    report = import_sirene(
        units, establishments, [Territory.from_key("region-76")], dry_run=dry_run
    )
    return {
        "seconds": time.monotonic() - started,
        "rows": report.establishments_read,
        "kept": report.kept,
        "created": report.created,
        "refused": report.refused_count + report.bad_count,
        "peak_rss_mb": rss_mb(),
        "baseline_rss_mb": baseline,
    }


def head_of(path: str, rows: int, target: Path) -> Path:
    """The header and the first `rows` lines of a CSV file: the same file, smaller."""
    with open(path, "rb") as source, open(target, "wb") as out:
        for n, line in enumerate(source):
            if n > rows:
                break
            out.write(line)
    return target


def child_duckdb(units: str, establishments: str) -> dict:
    import django

    django.setup()
    import duckdb

    from taxonomy.models import Territory

    codes = list(
        Territory.objects.filter(level="commune", path__startswith="/region-76/").values_list(
            "code", flat=True
        )
    )
    baseline = rss_mb()
    started = time.monotonic()
    con = duckdb.connect()
    con.execute("CREATE TABLE communes (code VARCHAR)")
    con.executemany("INSERT INTO communes VALUES (?)", [(c,) for c in codes])
    options = "header = true, all_varchar = true, ignore_errors = true"
    con.execute(f"""CREATE TABLE ess AS SELECT siren, statutDiffusionUniteLegale, categorieJuridiqueUniteLegale,
        activitePrincipaleUniteLegale, trancheEffectifsUniteLegale, denominationUniteLegale
        FROM read_csv('{units}', {options}) WHERE economieSocialeSolidaireUniteLegale = 'O'""")
    con.execute(f"""CREATE TABLE scope AS SELECT siren, siret, statutDiffusionEtablissement,
        etatAdministratifEtablissement, dateDebut, codeCommuneEtablissement, numeroVoieEtablissement,
        typeVoieEtablissement, libelleVoieEtablissement, codePostalEtablissement,
        coordonneeLambertAbscisseEtablissement, coordonneeLambertOrdonneeEtablissement,
        activitePrincipaleEtablissement, trancheEffectifsEtablissement
        FROM read_csv('{establishments}', {options})
        WHERE codeCommuneEtablissement IN (SELECT code FROM communes)""")
    counts = con.execute("""SELECT codeCommuneEtablissement, count(*) FROM scope
        WHERE etatAdministratifEtablissement = 'A' GROUP BY 1""").fetchall()
    rows = con.execute("SELECT * FROM scope JOIN ess USING (siren)").fetchall()
    return {
        "seconds": time.monotonic() - started,
        "kept": len(rows),
        "communes": len(counts),
        "peak_rss_mb": rss_mb(),
        "baseline_rss_mb": baseline,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument(
        "--work-dir", help="keep the files and databases there (default: a temporary dir)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="with --work-dir: keep the files generated before"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        result = {
            "prepare": lambda: child_prepare(int(rest[0]), rest[1]),
            "import": lambda: child_import(rest[0], rest[1], rest[2] == "dry"),
            "duckdb": lambda: child_duckdb(rest[0], rest[1]),
        }[kind]()
        print(json.dumps(result))
        return

    work = Path(args.work_dir or tempfile.mkdtemp(prefix="maillage-bench-sirene-"))
    work.mkdir(parents=True, exist_ok=True)
    base = work / "base.sqlite3"
    try:
        saved = work / "prepare.json"
        if args.reuse and saved.exists():
            prep = json.loads(saved.read_text())
        else:
            prep = child(["--child", "prepare", str(args.rows), str(work)], base, work)
            saved.write_text(json.dumps(prep))
        print(
            f"Fichiers générés en {prep['seconds']:.0f} s : {prep['rows']:,} établissements, "
            f"{prep['bytes'] / 1e9:.2f} Go ; attendus en Occitanie : {prep['ess_active']:,} établissements "
            f"actifs de l'ESS sur {prep['all_active']:,} actifs"
        )
        files = [prep["units"], prep["establishments"]]
        duck = child(["--child", "duckdb", *files], base, work)
        results = {}
        shutil.copy(base, work / "import-dry.sqlite3")
        results["dry"] = child(
            ["--child", "import", *files, "dry"], work / "import-dry.sqlite3", work
        )
        duck2 = child(["--child", "duckdb", *files], base, work)
        duck_best = min(duck["seconds"], duck2["seconds"])
        # The dry run is timed twice too, alternating with DuckDB (the machine is shared): the best time, the
        # highest memory.
        again = child(["--child", "import", *files, "dry"], work / "import-dry.sqlite3", work)
        results["dry"] = {
            **min(results["dry"], again, key=lambda r: r["seconds"]),
            "peak_rss_mb": max(results["dry"]["peak_rss_mb"], again["peak_rss_mb"]),
        }
        print(
            f"DuckDB {duckdb_version()} (même lecture, filtre et jointure) : {duck_best:.1f} s "
            f"(meilleur de 2), {prep['rows'] / duck_best:,.0f} lignes/s, {duck['kept']:,} lignes jointes, "
            f"mémoire max {max(duck['peak_rss_mb'], duck2['peak_rss_mb']):.0f} Mo",
            flush=True,
        )
        for mode, label in (
            ("dry", "import_sirene --dry-run (lecture, filtre, jointure, analyse ; meilleur de 2)"),
            ("write", "import_sirene (avec écriture SQLite)"),
        ):
            if mode not in results:
                shutil.copy(base, work / f"import-{mode}.sqlite3")
                results[mode] = child(
                    ["--child", "import", *files, mode], work / f"import-{mode}.sqlite3", work
                )
            r = results[mode]
            print(
                f"{label} : {r['seconds']:.1f} s, {r['rows'] / r['seconds']:,.0f} lignes/s, "
                f"{r['kept']:,} retenues, {r['created']:,} créées, {r['refused']} refusées, "
                f"mémoire max {r['peak_rss_mb']:.0f} Mo (dont {r['baseline_rss_mb']:.0f} au démarrage) ; "
                f"{r['seconds'] / duck_best:.2f}× DuckDB",
                flush=True,
            )
        head = head_of(prep["establishments"], prep["rows"] // 5, work / "etablissements-5.csv")
        shutil.copy(base, work / "import-head.sqlite3")
        small = child(
            ["--child", "import", prep["units"], str(head), "dry"],
            work / "import-head.sqlite3",
            work,
        )
        head.unlink()
        peak = max(results["dry"]["peak_rss_mb"], results["write"]["peak_rss_mb"])
        whole = results["dry"]
        print(
            f"Mémoire et taille du fichier (--dry-run, mêmes unités légales) : {small['rows']:,} lignes "
            f"→ {small['peak_rss_mb']:.0f} Mo ; {whole['rows']:,} lignes → {whole['peak_rss_mb']:.0f} Mo "
            f"({whole['peak_rss_mb'] - small['peak_rss_mb']:+.0f} Mo pour "
            f"{whole['rows'] / max(small['rows'], 1):.1f}× plus de lignes). Objectif ≤ {MEMORY_GOAL_MB} Mo : "
            f"{'atteint' if peak <= MEMORY_GOAL_MB else 'non atteint'} (max {peak:.0f} Mo)",
            flush=True,
        )
        rate = results["dry"]["rows"] / results["dry"]["seconds"]
        print(
            f"Estimation nationale ({NATIONAL_ROWS:,} lignes) : {NATIONAL_ROWS / rate / 60:.1f} min de lecture "
            f"(au débit mesuré), plus l'écriture des établissements retenus"
        )
    finally:
        if not args.work_dir:
            shutil.rmtree(work, ignore_errors=True)


def duckdb_version() -> str:
    import duckdb

    return duckdb.__version__


if __name__ == "__main__":
    main()
