"""Spelling cost benchmark: `.venv/bin/python -m bench.spelling [--sizes 50000,325000]` from the project root
(with `source var/services.env` for OpenSearch too).

For each vocabulary size, that many words of Debian's French list (wfrench) are indexed, 100 per item, and one
anonymous query of 31 misspelt words (one letter of 31 indexed words deleted or changed, none of them a French word)
is sent to `/api/search/` (spelling suggestion, correction, graded fuzzy stages, JSON). Reference measured in the same
run: the spelling as it was before search/spelling.py, on the same index: the embedded backend's difflib scan of
the vocabulary for every typed word, OpenSearch's term suggester on the whole text with every word fuzzy (no cap).
Prints medians and ratios; asserts nothing. Indexes are named `bench-spell-<pid>-…` and deleted at the end.
"""

from __future__ import annotations

import argparse
import difflib
import os
import random
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
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

from search import spelling  # noqa: E402
from search.analysis import fold  # noqa: E402

WORDS_PER_ITEM = 100
TYPED_WORDS = 31


def vocabulary(size: int) -> list[str]:
    words = sorted(
        {
            fold(w)
            for w in Path(spelling.FRENCH_WORDS).read_text(encoding="utf-8").split()
            if w.isalpha() and len(w) >= 5
        }
    )
    random.Random(size).shuffle(words)
    return words[:size]


def misspelt(words: list[str]) -> str:
    """31 indexed words with one letter deleted or changed, none of them a French word."""
    rng, french, out = random.Random(31), spelling.french_words(), []
    for word in words:
        i = rng.randrange(1, len(word) - 1)
        other = "z" if word[i] != "z" else "k"
        typo = word[:i] + word[i + 1 :] if rng.random() < 0.5 else word[:i] + other + word[i + 1 :]
        if typo not in french and typo not in out:
            out.append(typo)
        if len(out) == TYPED_WORDS:
            return " ".join(out)
    raise SystemExit("not enough words")


def items(words: list[str]):
    for n in range(0, len(words), WORDS_PER_ITEM):
        chunk = words[n : n + WORDS_PER_ITEM]
        yield {
            "id": f"page:{n + 1}",
            "kind": "page",
            "type": "meetingreportpage",
            "title": " ".join(chunk[:5]),
            "url": f"/p/{n}/",
            "summary": "",
            "body": " ".join(chunk),
            "parts": [],
            "date": "2024-01-01",
            "year": 2024,
            "themes": [],
            "territories": [],
            "documents": [],
        }


def use_backend(name: str, prefix: str, path: Path) -> None:
    settings.MAILLAGE_SEARCH = {
        **settings.MAILLAGE_SEARCH,
        "BACKEND": name,
        "INDEX_PREFIX": prefix,
        "EMBEDDED_PATH": path,
        "TIMEOUT": 120,
    }


def old_embedded_suggest(backend, text: str) -> None:
    """The embedded spelling before search/spelling.py: difflib over the words of the same first letter."""
    with backend._read() as conn:
        for word in (fold(w) for w in text.split()):
            candidates = dict(
                conn.execute(
                    "SELECT word, n FROM spell WHERE word >= ? AND word < ? AND length(word) BETWEEN ? AND ?",
                    (word[0], chr(ord(word[0]) + 1), len(word) - 2, len(word) + 2),
                ).fetchall()
            )
            difflib.get_close_matches(word, candidates, n=3, cutoff=0.75)


def old_opensearch_suggest(backend, text: str) -> None:
    """OpenSearch before: the term suggester over the whole text, and a fuzzy `match` of every word (no cap)."""
    backend.client.search(
        index=backend.alias,
        body={
            "size": 0,
            "suggest": {
                "spell": {
                    "text": text,
                    "term": {
                        "field": "spell",
                        "suggest_mode": "missing",
                        "min_word_length": 4,
                        "sort": "score",
                    },
                }
            },
        },
    )
    backend.client.search(
        index=backend.alias,
        body={
            "size": 10,
            "query": {
                "bool": {
                    "should": [
                        {
                            "match": {
                                "spell": {"query": w, "fuzziness": "AUTO:5,8", "prefix_length": 1}
                            }
                        }
                        for w in text.split()
                    ]
                }
            },
        },
    )


def median_ms(call, repeat: int) -> float:
    call()  # warm-up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="50000,325000")
    parser.add_argument(
        "--backends",
        default="embedded,opensearch" if os.environ.get("OPENSEARCH_URL") else "embedded",
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    prefix = f"bench-spell-{os.getpid()}"
    path = PROJECT_ROOT / "var" / "bench" / f"{prefix}.sqlite3"
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    settings.MAILLAGE_SEARCH_RATE_LIMIT = settings.MAILLAGE_API_RATE_LIMIT = (10**9, 60)
    from search.backends import get_backend

    client = Client()
    rows = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            words = vocabulary(size)
            query = misspelt(words)
            for name in args.backends.split(","):
                use_backend(name, prefix, path)
                backend = get_backend()
                started = time.perf_counter()
                backend.rebuild(items(words))
                built = time.perf_counter() - started

                def api(query=query):
                    response = client.get("/api/search/", {"q": query})
                    assert response.status_code == 200, response.content[:200]

                def before(
                    backend=backend,
                    query=query,
                    old=old_embedded_suggest if name == "embedded" else old_opensearch_suggest,
                ):
                    old(backend, query)

                def now(backend=backend, query=query):
                    backend.suggest(query)

                row = (
                    size,
                    name,
                    built,
                    median_ms(api, args.repeat),
                    median_ms(now, args.repeat),
                    median_ms(before, max(1, args.repeat // 2)),
                )
                rows.append(row)
                print(
                    f"{size:,} words, {name}: index {built:.0f} s; /api/search/ {row[3]:.0f} ms; spelling "
                    f"{row[4]:.0f} ms, before {row[5]:.0f} ms (×{row[5] / max(row[4], 0.01):.0f})",
                    flush=True,
                )
    finally:
        if os.environ.get("OPENSEARCH_URL"):
            from opensearchpy import OpenSearch

            OpenSearch(hosts=[os.environ["OPENSEARCH_URL"]]).indices.delete(
                index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True
            )
        path.unlink(missing_ok=True)
        path.with_name(path.name + ".rebuild.lock").unlink(missing_ok=True)
        teardown_databases(old_config, verbosity=0)
    print(
        "\nvocabulary | backend | /api/search/ (31 misspelt words) | spelling now | spelling before | before/now"
    )
    for size, name, _, api_ms, now_ms, before_ms in rows:
        print(
            f"{size:,} | {name} | {api_ms:.0f} ms | {now_ms:.0f} ms | {before_ms:.0f} ms | "
            f"{before_ms / max(now_ms, 0.01):.0f}"
        )


if __name__ == "__main__":
    main()
