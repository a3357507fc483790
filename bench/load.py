"""Load benchmark: concurrent searches from a second process while an editor publishes.

    .venv/bin/python -m bench.load [--resources 10000] [--seconds 20] [--concurrency 1,4,16] [--modes full,embedded]

For each mode, the index is filled with N synthetic resources (written straight into the backend, as
a rebuild does), the site is served by gunicorn (2 workers × 4 threads) on 127.0.0.1, a separate
process fires searches from C threads for S seconds, and this process publishes a real page every
second (publication indexes it in-process). Prints throughput, p50/p95/p99 and errors. The full mode
needs the services of scripts/services/up.sh (DATABASE_URL, OPENSEARCH_URL in the environment).
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
WORDS = (
    "économie sociale solidaire acteurs territoire collectivité réseau coopération tiers-lieu ressourcerie "
    "insertion alimentation mobilité réemploi stratégie métropole agglomération département région club "
    "rencontre atelier visite apprenante fiche kit SCIC SCOP PTCE ACI SIAE CRESS RTES innovation transition "
    "agroécologique nourricier méthanisation péniches fablab bénévoles chantier emploi producteurs locaux"
).split()
QUERIES = [
    "économie sociale",
    "tiers-lieu",
    "ressourceries",
    "SCIC",
    "coopération territoire",
    '"visite apprenante"',
    "insertion -métropole",
    "alimentation OR mobilité",
    "réseau acteurs",
    "PTCE",
    "fablab",
    "stratégie ESS",
]
TYPES = ["meetingreportpage", "learningvisitpage", "toolkitpage", "strategypage", "document"]


def synthetic_docs(n: int, seed: int = 7):
    rng = random.Random(seed)
    for i in range(n):
        kind = "document" if i % 5 == 4 else "page"
        year = 2015 + i % 11
        words = " ".join(rng.choice(WORDS) for _ in range(60))
        yield {
            "id": f"{kind}:{1_000_000 + i}",
            "kind": kind,
            "type": TYPES[i % 5],
            "title": " ".join(rng.choice(WORDS) for _ in range(6)).capitalize(),
            "url": f"/ressources/synthetique-{i}/",
            "filename": f"doc-{i}.pdf" if kind == "document" else None,
            "summary": words[:200],
            "body": words if kind == "page" else "",
            "parts": [
                {"number": p, "text": " ".join(rng.choice(WORDS) for _ in range(80))}
                for p in (1, 2)
            ]
            if kind == "document"
            else [],
            "date": f"{year}-0{1 + i % 9}-1{i % 9}",
            "year": year,
            "themes": [rng.choice(["insertion", "alimentation"])],
            "territories": ["region-76", "department-31"],
            "documents": [],
        }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fire(port: int, seconds: float, concurrency: int, out: mp.Queue) -> None:
    """Runs in a separate process: C threads issuing searches for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            path = "/api/search/?" + urlencode(
                {"q": rng.choice(QUERIES), "page": rng.choice([1, 1, 1, 2])}
            )
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
                ok = response.status == 200 and b'"results"' in body
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put((latencies, errors[0]))


def _publisher(stop: threading.Event, counter: list[int]) -> None:
    from resources.models import ResourceIndexPage, ToolkitPage

    index = ResourceIndexPage.objects.first()
    n = 0
    while not stop.is_set():
        n += 1
        page = ToolkitPage(
            title=f"Fiche publiée pendant la charge {time.time_ns()}",
            summary="coopération insertion",
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        counter[0] += 1
        stop.wait(1.0)


def run_mode(mode: str, resources: int, seconds: float, levels: list[int]) -> None:
    env = dict(os.environ)
    var = ROOT / "var" / f"bench-load-{mode}"
    var.mkdir(parents=True, exist_ok=True)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DEBUG": "0",
            "MAILLAGE_VAR_DIR": str(var),
            "MAILLAGE_INDEX_PREFIX": "bench-load",
            "CELERY_TASK_ALWAYS_EAGER": "1",
        }
    )
    env.pop("CELERY_BROKER_URL", None)
    if mode == "embedded":
        for key in ("DATABASE_URL", "OPENSEARCH_URL"):
            env.pop(key, None)
    elif not (env.get("DATABASE_URL") and env.get("OPENSEARCH_URL")):
        raise SystemExit(
            "full mode needs DATABASE_URL and OPENSEARCH_URL (source var/services.env)"
        )
    os.environ.clear()
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from home.demo.loader import load
    from search.backends import get_backend

    call_command("migrate", verbosity=0)
    load(log=lambda s: None, with_admin=False)
    backend = get_backend()
    started = time.perf_counter()
    from search.index_entries import build, iter_all

    real = [d for d in (build(k, pk) for k, pk in iter_all()) if d]
    backend.rebuild(iter([*real, *synthetic_docs(resources)]))
    print(
        f"[{mode}] {resources} synthetic resources indexed in {time.perf_counter() - started:.1f} s "
        f"({backend.name} backend)"
    )

    port = _free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--env",
            "DJANGO_SETTINGS_MODULE=config.settings.dev",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request(
                    "GET", "/api/search/?q=ess"
                )
                break
            except OSError:
                time.sleep(0.2)
        print(f"[{mode}] concurrency  req/s    p50 ms   p95 ms   p99 ms   errors   pages published")
        for level in levels:
            queue: mp.Queue = mp.get_context("spawn").Queue()
            firing = mp.get_context("spawn").Process(
                target=_fire, args=(port, seconds, level, queue)
            )
            stop, published = threading.Event(), [0]
            editor = threading.Thread(target=_publisher, args=(stop, published))
            firing.start()
            editor.start()
            latencies, errors = queue.get()
            firing.join()
            stop.set()
            editor.join()
            latencies.sort()
            q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
            print(
                f"[{mode}] {level:>11}  {len(latencies) / seconds:6.1f}  {q[49] * 1000:7.1f}  {q[94] * 1000:7.1f}  "
                f"{q[98] * 1000:7.1f}  {errors:7d}   {published[0]}"
            )
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", default="1,4,16")
    parser.add_argument("--modes", default="full,embedded")
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]
    for mode in args.modes.split(","):
        # Each mode in its own interpreter: Django settings are read once per process.
        ctx = mp.get_context("spawn")
        proc = ctx.Process(target=run_mode, args=(mode, args.resources, args.seconds, levels))
        proc.start()
        proc.join()
        if proc.exitcode:
            print(f"[{mode}] failed with exit code {proc.exitcode}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
