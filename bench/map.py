"""Map benchmark: `.venv/bin/python -m bench.map [--actors 50000] [--rounds 5]` from the project root.

A throwaway SQLite site with `--actors` organisations spread over France (a third around Toulouse), served by
`runserver`; Chromium (headless, cache disabled, no tiles) opens the directory (/acteurs/) and the Haute-Garonne's
page and the map draws its first screen. Prints the map data of the first screen (bytes of carte.geojson
responses) and the time from navigation to the markers drawn (median of the rounds), against the reference of the
same run: the former request of every point (carte.geojson without zoom, capped at 5,000 points). Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]

POPULATE = """
import random, django
django.setup()
from actors.models import Organisation
from taxonomy.models import Territory
n = int({n})
rng = random.Random(5)
region = Territory.objects.create(level="region", code="76", name="Occitanie", latitude=43.7, longitude=2.1)
dept = Territory.objects.create(level="department", code="31", name="Haute-Garonne", parent=region,
                                latitude=43.35, longitude=1.2)
commune = Territory.objects.create(level="commune", code="31555", name="Toulouse", parent=dept,
                                   latitude=43.6045, longitude=1.4442)
rows = []
for i in range(n):
    near = i % 3 == 0
    lat = 43.6 + rng.gauss(0, 0.15) if near else rng.uniform(43.0, 50.5)
    lon = 1.44 + rng.gauss(0, 0.15) if near else rng.uniform(-1.5, 7.5)
    rows.append(Organisation(name=f"Acteur {{i}}", slug=f"acteur-{{i}}", sort_name=f"acteur {{i:06d}}",
                             latitude=round(lat, 6), longitude=round(lon, 6), commune=commune if near else None,
                             territory_path=commune.path if near else ""))
Organisation.objects.bulk_create(rows, batch_size=5000)
"""

BYTES = """return performance.getEntriesByType('resource').filter(e => e.name.includes('carte.geojson'))
  .reduce((s, e) => s + (e.encodedBodySize || e.transferSize || 0), 0);"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--actors", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(PROJECT_ROOT))
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from testing.chromium import CHROMEDRIVER, CHROMIUM, FLAGS

    var = Path(tempfile.mkdtemp(prefix="maillage-bench-map-"))
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "OPENSEARCH_URL")
    }
    env.update(
        MAILLAGE_VAR_DIR=str(var),
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DEBUG="1",
        MAILLAGE_MAP_TILES_URL="",
        PYTHONPATH=str(PROJECT_ROOT),
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=PROJECT_ROOT)
    subprocess.run(
        [sys.executable, "-c", POPULATE.format(n=args.actors)],
        env=env,
        check=True,
        cwd=PROJECT_ROOT,
    )
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    profile = tempfile.mkdtemp(prefix="maillage-bench-chromium-")
    browser = None
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/sante/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in [*FLAGS, f"--user-data-dir={profile}", "--disk-cache-size=1"]:
            options.add_argument(flag)
        browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        browser.execute_cdp_cmd("Network.enable", {})
        browser.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        print(
            f"Carte, {args.actors:,} acteurs, Chromium headless, runserver, {args.rounds} passages (médiane) :"
        )
        for label, path in (
            ("annuaire /acteurs/", "/acteurs/"),
            ("Haute-Garonne", "/acteurs/territoire/department-31/"),
        ):
            drawn, sizes, features = [], [], ""
            for i in range(args.rounds + 1):
                browser.get(base + path)
                deadline = time.monotonic() + 30
                while not browser.execute_script(
                    "return document.getElementById('carte').dataset.drawnAt"
                ):
                    if time.monotonic() > deadline:
                        raise SystemExit(f"{path}: the map was not drawn")
                    time.sleep(0.02)
                if i:  # the first load warms the server up
                    drawn.append(
                        int(
                            browser.execute_script(
                                "return document.getElementById('carte').dataset.drawnAt"
                            )
                        )
                    )
                    sizes.append(browser.execute_script(BYTES))
                features = browser.execute_script(
                    "const d = document.getElementById('carte').dataset; return d.mode + ', ' + d.features + "
                    "' éléments pour ' + d.markers + ' acteurs'"
                )
            print(
                f"  {label} : premier écran {statistics.median(sizes) / 1024:.1f} Ko de données de carte, dessiné "
                f"{statistics.median(drawn):.0f} ms après la navigation ({features})"
            )
        legacy = urllib.request.urlopen(f"{base}/acteurs/carte.geojson").read()
        started = time.perf_counter()
        urllib.request.urlopen(f"{base}/acteurs/carte.geojson?zoom=5").read()
        clustered_ms = (time.perf_counter() - started) * 1000
        print(
            f"  référence, tous les points d'un coup (carte.geojson sans zoom, plafonné à 5 000 points) : "
            f"{len(legacy) / 1024:.0f} Ko ; réponse groupée par le serveur au zoom 5 : {clustered_ms:.0f} ms"
        )
    finally:
        if browser is not None:
            browser.quit()
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
