"""How well the French analysis keeps word families together, measured on Debian's French lexicon (package
`wfrench`, /usr/share/dict/french, 346,000 words), against plain Snowball with the same plural pre-steps.

Families taken from the lexicon itself, by rules a French grammar justifies:
- conjugation: a first-group infinitive (-er) with the forms of it the lexicon holds (présent, imparfait,
  participles -é/-ée/-és/-ées, -ant);
- derivation: such a verb with its action noun in -age (recycler → recyclage, balayer → balayage).
A family "collapses" when all its words get one stem. Run: .venv/bin/python -m bench.word_families
With OPENSEARCH_URL set (`source var/services.env`), it also counts the words of the lexicon to which
OpenSearch's `fr` analyzer gives other terms than the Python analysis (the embedded backend).
"""

from __future__ import annotations

import os
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()

from search import analysis  # noqa: E402

LEXICON = Path("/usr/share/dict/french")
# Forms whose stem the analysis should share with the infinitive; -ent, -ons, -ez are left out: Snowball keeps
# them apart (recyclent, recyclons), a known limit reported separately.
ENDINGS = ["e", "es", "ait", "aient", "é", "ée", "és", "ées", "ant"]
OTHER_ENDINGS = ["ent", "ons", "ez"]
YER_ENDINGS = [
    "ie",
    "ies",
]  # balaie, nettoie: y becomes i before a silent e (-ient: the -ent limit)


def plain(word: str) -> str:
    """The analysis before word families: plural pre-steps and Snowball only."""
    folded = analysis.fold(word)
    folded = (
        analysis._PLURAL_X_RE.sub(r"\1", folded, count=1)
        if folded.endswith("x")
        else analysis._PLURAL_S_RE.sub(r"\1", folded, count=1)
    )  # the pre-steps that existed before word families
    return folded if analysis._KEEP_RE.match(folded) else analysis._stemmer().stemWord(folded)


def current(word: str) -> str:
    return analysis.term(word)


def families(words: set[str]) -> tuple[list[list[str]], list[list[str]]]:
    conjugation, derivation = [], []
    for verb in sorted(w for w in words if w.endswith("er") and len(w) >= 5 and w.isalpha()):
        base = verb[:-2]
        endings = ENDINGS + (YER_ENDINGS if base.endswith("y") else [])
        forms = [base[:-1] + "i" + e[1:] if e in YER_ENDINGS else base + e for e in endings]
        present = [f for f in forms if f in words]
        if len(present) >= 3:
            conjugation.append([verb, *present])
        nouns = [n for n in (base + "age", base + "ages") if n in words]
        if nouns:
            derivation.append([verb, *present, *nouns])
    return conjugation, derivation


def feminines(words: set[str]) -> list[list[str]]:
    """Adjectives and nouns in -ais/-ois with their feminine forms: français, française, françaises."""
    return [
        [w, *(f for f in (w + "e", w + "es") if f in words)]
        for w in sorted(words)
        if w.endswith(("ais", "ois")) and len(w) >= 6 and w.isalpha() and w + "e" in words
    ]


def share(groups: list[list[str]], analyse) -> float:
    return sum(len({analyse(w) for w in g}) == 1 for g in groups) / len(groups)


def against_opensearch(words: list[str]) -> list[tuple[str, list[str], list[str]]]:
    """The words whose terms differ between the two backends' analyses."""
    from search.backends import get_backend  # needs the OpenSearch settings, read only in this mode

    backend = get_backend()
    backend.ensure_index()
    differ = []
    for start in range(0, len(words), 5000):
        chunk = words[start : start + 5000]
        answer = backend.client.indices.analyze(
            index=backend.alias, body={"analyzer": "fr", "text": chunk}
        )
        terms = defaultdict(
            list
        )  # one array value per word, 100 positions apart (position_increment_gap)
        for token in answer["tokens"]:
            terms[token["position"] // 101].append(token["token"])
        differ += [
            (w, analysis.analyze(w), terms[n])
            for n, w in enumerate(chunk)
            if analysis.analyze(w) != terms[n]
        ]
    return differ


def main() -> None:
    if not LEXICON.is_file():
        sys.exit(f"{LEXICON} manquant : apt-get install wfrench")
    started = time.perf_counter()
    words = {
        unicodedata.normalize("NFC", w.strip())
        for w in LEXICON.read_text(encoding="utf-8").splitlines()
        if w.strip() and not re.search(r"[A-Z\s]", w[:1])
    }
    conjugation, derivation = families(words)
    yer = [g for g in conjugation if g[0].endswith("yer")]
    print(f"Lexicon: {len(words):,} words ({LEXICON}, Debian wfrench)")
    print(f"{'families':<40}{'count':>8}{'Snowball':>11}{'Maillage':>11}")
    for label, groups in (
        ("conjugation of -er verbs", conjugation),
        ("  of which -yer verbs", yer),
        ("verb + action noun in -age", derivation),
        ("-ais/-ois with their feminine", feminines(words)),
    ):
        print(
            f"{label:<40}{len(groups):>8}{share(groups, plain):>10.1%}{share(groups, current):>10.1%}"
        )
    limit = [
        [g[0], *(g[0][:-2] + e for e in OTHER_ENDINGS if g[0][:-2] + e in words)]
        for g in conjugation
    ]
    limit = [g for g in limit if len(g) > 1]
    print(
        f"{'  known limit: -ent, -ons, -ez forms':<40}{len(limit):>8}{share(limit, plain):>10.1%}"
        f"{share(limit, current):>10.1%}"
    )
    before = len({plain(w) for w in words})
    after = len({current(w) for w in words})
    changed = sum(plain(w) != current(w) for w in words)
    print(
        f"distinct stems over the lexicon: {before:,} → {after:,} ({changed:,} words with another stem)"
    )
    if os.environ.get("OPENSEARCH_URL"):
        alpha = sorted(w for w in words if w.isalpha())
        differ = against_opensearch(alpha)
        print(
            f"OpenSearch's analyzer against the Python analysis: {len(differ):,} of {len(alpha):,} words "
            f"with other terms{': ' if differ else ''}{', '.join(f'{w} {a}/{o}' for w, a, o in differ[:8])}"
        )
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
