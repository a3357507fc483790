"""Search benchmark: `.venv/bin/python -m bench.search [--sizes 1000,10000,100000]` from the project root.

For each size, a synthetic French corpus (bench/search_corpus.py: pages, documents with text per page,
actors) is generated in memory, then:

- OpenSearch (when OPENSEARCH_URL is set): time of `backend.rebuild()` (fresh index, alias swap) against a
  raw `helpers.bulk` load of the same documents into an index with the same mapping; median latency of
  `/api/search/` (Django test client: parsing, search, "matching documents", suggestions, facet labels, JSON)
  against the same OpenSearch query body sent directly with opensearch-py, over the same queries;
- embedded backend: rebuild time and `/api/search/` latency.

Prints ratios against references measured in the same run, and how they grow from the smallest size to the
largest; asserts nothing. A throw-away test database holds the facet labels; indexes are named
`bench-<pid>-…` and deleted at the end.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

from bench.search_corpus import THEMES, generate, territories  # noqa: E402

# (query, extra URL parameters): common and rare words, acronyms, phrases, operators, facets, sorting.
QUERIES: list[tuple[str, dict[str, str]]] = [
    ("ressourcerie", {}),
    ("tiers-lieu nourricier", {}),
    ("SCIC", {}),
    ("économie sociale et solidaire", {}),
    ('"chantier d\'insertion"', {}),
    ("épicerie solidaire -quartiers", {}),
    ("fablab OR recyclerie", {}),
    ("garage solidaire Castanet", {}),
    ("monnaie locale", {"type": "learningvisitpage"}),
    ("insertion", {"territoire": "department-012"}),
    ("jardin partagé", {"tri": "date"}),
    ("", {"theme": "alimentation", "annee": "2020"}),
    ("transition écologique", {"page": "3"}),
    ("bricothèque conseil départemental", {}),
    ("rafistolerie", {}),
    ("emplois jeunes", {}),
    ("aujourd’hui", {}),
    ("PTCE coopération", {"territoire": "region-05"}),
    ("centre social habitants", {"theme": "habitat"}),
    ("Quimperlé-sur-Mer", {}),
]
# Questions as officers type them (issue 21): ranked partial matching, question words, a 31-word one.
QUESTIONS: list[tuple[str, dict[str, str]]] = [
    ("quelles aides pour une recyclerie ?", {}),
    ("comment monter un tiers-lieu nourricier avec les habitants de mon quartier ?", {}),
    ("qui contacter pour créer une épicerie solidaire dans une commune rurale ?", {}),
    ("exemple de stratégie ESS d'une communauté de communes", {}),
    (
        "bonjour, je suis chargée de mission dans une communauté de communes et je cherche comment accompagner un "
        "projet de garage solidaire avec les habitants, les associations et le conseil départemental ?",
        {},
    ),
]
QUERIES += QUESTIONS


def fmt_s(seconds: float) -> str:
    return f"{seconds:7.1f} s" if seconds >= 10 else f"{seconds:7.2f} s"


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def load_labels() -> None:
    """Themes and territories of the synthetic corpus, so the API labels its facets as in production."""
    from taxonomy.models import Territory, Theme

    Theme.objects.bulk_create([Theme(slug=slug, name=name) for slug, name in THEMES.items()])
    rows, paths = [], {}
    for level, code, name, parent in territories():
        key = f"{level}-{code}"
        paths[key] = (paths[parent] if parent else "/") + f"{key}/"
        rows.append(Territory(level=level, code=code, name=name, path=paths[key]))
    Territory.objects.bulk_create(rows, batch_size=2000)
    by_key = {t.key: t for t in Territory.objects.all()}
    for level, code, _, parent in territories():
        if parent:
            by_key[f"{level}-{code}"].parent = by_key[parent]
    Territory.objects.bulk_update(
        [t for t in by_key.values() if t.parent_id], ["parent"], batch_size=2000
    )


def use_backend(name: str, prefix: str, embedded_path: Path) -> None:
    settings.MAILLAGE_SEARCH = {
        **settings.MAILLAGE_SEARCH,
        "BACKEND": name,
        "INDEX_PREFIX": prefix,
        "EMBEDDED_PATH": embedded_path,
        "TIMEOUT": 60,
    }


def request_for(q: str, extra: dict[str, str]):
    """The SearchRequest /api/search/ builds for these parameters (see search.service.run_search)."""
    from search.backends import SearchRequest
    from search.facets import parse_filters, territory_include
    from search.query import parse
    from search.service import PER_PAGE

    params = QueryDict(mutable=True)
    params.update({"q": q, **extra})
    filters = parse_filters(params)
    return SearchRequest(
        query=parse(q),
        filters=filters,
        sort="date" if extra.get("tri") == "date" else "relevance",
        page=int(extra.get("page", 1)),
        per_page=PER_PAGE,
        facet_include={"territories": territory_include(filters.get("territories", []))},
    )


def keep_synthetic_hits() -> None:
    """The synthetic items are not rows of the database: the read-time public-set check
    (search.public_set.public_subset) would drop every hit and ask for its removal from the index, so each query
    would shrink the corpus and skip the results' rendering. The check's queries still run, as in production;
    its answer keeps the hits."""
    from search import public_set, service

    def public_subset(ids):
        ids = set(ids)
        if ids:
            public_set.public_ids(ids)
        return ids

    service.public_subset = public_subset


def latencies(repeat: int, direct=None) -> dict[str, list[float]]:
    """Interleaved samples of the API (and of the direct OpenSearch call), after one warm-up round."""
    client = Client()
    samples: dict[str, list[float]] = {"api": [], "direct": [], "api_questions": []}
    calls = []
    for q, extra in QUERIES:
        name = "api_questions" if (q, extra) in QUESTIONS else "api"
        calls.append((name, lambda q=q, extra=extra: client.get("/api/search/", {"q": q, **extra})))
        if direct:
            body = direct["build"](request_for(q, extra))
            calls.append(
                (
                    "direct",
                    lambda body=body: direct["client"].search(index=direct["alias"], body=body),
                )
            )
    for round_ in range(repeat + 1):
        for name, call in calls:
            started = time.perf_counter()
            response = call()
            elapsed = time.perf_counter() - started
            if name.startswith("api"):
                assert response.status_code == 200 and not response.json().get("degraded"), (
                    response.content[:300]
                )
            if round_:
                samples[name].append(elapsed)
                if name == "api_questions":
                    samples["api"].append(elapsed)
    return samples


def bench_opensearch(docs: list[dict], prefix: str, repeat: int) -> dict[str, float]:
    from opensearchpy import helpers

    from search.backends import get_backend
    from search.backends.os_mapping import index_settings
    from search.backends.os_query import build_query

    backend = get_backend()
    client = backend.client
    raw_name = f"{prefix}-raw"
    gc.collect()
    started = time.perf_counter()
    client.indices.create(index=raw_name, body=index_settings(backend._shards(len(docs))))
    helpers.bulk(
        client,
        ({"_index": raw_name, "_id": d["id"], "_source": d} for d in docs),
        chunk_size=500,
        max_chunk_bytes=20 * 1024 * 1024,
        request_timeout=120,
    )
    client.indices.refresh(index=raw_name, request_timeout=120)
    raw = time.perf_counter() - started
    client.indices.delete(index=raw_name)
    gc.collect()
    started = time.perf_counter()
    assert backend.rebuild(iter(docs), expected=len(docs)) == len(docs)
    rebuild = time.perf_counter() - started
    client.indices.forcemerge(index=backend.alias, max_num_segments=5, request_timeout=600)
    samples = latencies(repeat, {"client": client, "alias": backend.alias, "build": build_query})
    return {
        "raw": raw,
        "rebuild": rebuild,
        "api": statistics.median(samples["api"]),
        "direct": statistics.median(samples["direct"]),
        "api_p95": statistics.quantiles(samples["api"], n=20)[-1],
        "direct_p95": statistics.quantiles(samples["direct"], n=20)[-1],
        "questions_p95": statistics.quantiles(samples["api_questions"], n=20)[-1],
    }


def bench_embedded(docs: list[dict], repeat: int) -> dict[str, float]:
    from search.backends import get_backend

    backend = get_backend()
    gc.collect()
    started = time.perf_counter()
    assert backend.rebuild(iter(docs), expected=len(docs)) == len(docs)
    rebuild = time.perf_counter() - started
    samples = latencies(repeat)
    return {
        "rebuild": rebuild,
        "api": statistics.median(samples["api"]),
        "api_p95": statistics.quantiles(samples["api"], n=20)[-1],
        "questions_p95": statistics.quantiles(samples["api_questions"], n=20)[-1],
        "size_mb": backend.path.stat().st_size / 1e6,
    }


def report(results: dict[int, dict[str, dict[str, float]]]) -> None:
    print("\n=== Search benchmark (medians; p95 in brackets) ===")
    for size, by_backend in results.items():
        print(f"\n{size:,} documents")
        if "opensearch" in by_backend:
            o = by_backend["opensearch"]
            print(
                f"  OpenSearch  rebuild {fmt_s(o['rebuild'])}  raw bulk {fmt_s(o['raw'])}  "
                f"ratio {o['rebuild'] / o['raw']:.2f}  (target ≤ 1.5)"
            )
            print(
                f"              /api/search/ {fmt_ms(o['api'])} [{fmt_ms(o['api_p95']).strip()}]  direct "
                f"{fmt_ms(o['direct'])} [{fmt_ms(o['direct_p95']).strip()}]  ratio {o['api'] / o['direct']:.2f}"
                "  (target ≤ 2)"
            )
            print(
                f"              questions p95 {fmt_ms(o['questions_p95']).strip()} (target ≤ 150 ms), "
                f"{o['questions_p95'] / o['direct_p95']:.1f}× direct p95"
            )
        if "embedded" in by_backend:
            e = by_backend["embedded"]
            print(
                f"  embedded    rebuild {fmt_s(e['rebuild'])}  /api/search/ {fmt_ms(e['api'])} "
                f"[{fmt_ms(e['api_p95']).strip()}]  file {e['size_mb']:.0f} MB"
            )
            print(
                f"              questions p95 {fmt_ms(e['questions_p95']).strip()} (target ≤ 150 ms)"
                + (
                    f", {e['questions_p95'] / o['direct_p95']:.1f}× OpenSearch direct p95"
                    if "opensearch" in by_backend
                    else ""
                )
            )
    sizes = sorted(results)
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(f"\nGrowth from {small:,} to {large:,} documents (×{large / small:.0f} data):")
        for backend in ("opensearch", "embedded"):
            if backend in results[small] and backend in results[large]:
                a, b = results[small][backend], results[large][backend]
                line = (
                    f"  {backend:<11} rebuild ×{b['rebuild'] / a['rebuild']:.1f}, "
                    f"API latency ×{b['api'] / a['api']:.1f}"
                )
                if "direct" in a:
                    line += (
                        f", direct latency ×{b['direct'] / a['direct']:.1f}, raw bulk ×{b['raw'] / a['raw']:.1f}"
                        f"; ratios {a['rebuild'] / a['raw']:.2f}→{b['rebuild'] / b['raw']:.2f} (rebuild/raw), "
                        f"{a['api'] / a['direct']:.2f}→{b['api'] / b['direct']:.2f} (API/direct)"
                    )
                print(line)


def opensearch_jit(url: str) -> str:
    """How the OpenSearch nodes compile Java: the services' test default (OPENSEARCH_FAST_START=1) stops at C1 for
    a faster start, which searches about 30 % slower at 100,000 items than the full JIT production runs."""
    from opensearchpy import OpenSearch

    nodes = OpenSearch(hosts=[url]).nodes.info(metric="jvm")["nodes"].values()
    if any("-XX:TieredStopAtLevel=1" in n["jvm"].get("input_arguments", []) for n in nodes):
        return (
            "C1-only JIT (OPENSEARCH_FAST_START=1, the tests' default): slower than production; for production's "
            "figures: make services-down && OPENSEARCH_FAST_START=0 make services"
        )
    return "full JIT, as in production"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="1000,10000",
        help="comma-separated corpus sizes (e.g. 1000,10000,100000)",
    )
    parser.add_argument(
        "--backends",
        default="opensearch,embedded" if os.environ.get("OPENSEARCH_URL") else "embedded",
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="samples per query and side (after one warm-up)"
    )
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if "opensearch" in backends and os.environ.get("OPENSEARCH_URL"):
        print(f"OpenSearch: {opensearch_jit(os.environ['OPENSEARCH_URL'])}", flush=True)
    prefix = f"bench-{os.getpid()}"
    embedded_path = PROJECT_ROOT / "var" / "bench" / f"{prefix}.sqlite3"
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    results: dict[int, dict[str, dict[str, float]]] = {}
    try:
        load_labels()
        keep_synthetic_hits()
        for size in sizes:
            started = time.perf_counter()
            docs = list(generate(size))
            print(
                f"{size:,} documents generated in {time.perf_counter() - started:.1f} s", flush=True
            )
            results[size] = {}
            for backend in backends:
                use_backend(backend, prefix, embedded_path)
                if backend == "opensearch":
                    results[size][backend] = bench_opensearch(docs, prefix, args.repeat)
                else:
                    results[size][backend] = bench_embedded(docs, args.repeat)
                print(f"  {backend}: {results[size][backend]}", flush=True)
            del docs
    finally:
        if "opensearch" in backends and os.environ.get("OPENSEARCH_URL"):
            from opensearchpy import OpenSearch

            OpenSearch(hosts=[os.environ["OPENSEARCH_URL"]]).indices.delete(
                index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True
            )
        embedded_path.unlink(missing_ok=True)
        embedded_path.with_name(embedded_path.name + ".rebuild.lock").unlink(missing_ok=True)
        teardown_databases(old_config, verbosity=0)
    report(results)


if __name__ == "__main__":
    main()
