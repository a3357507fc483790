"""Against Apache Tika: `.venv/bin/python -m bench.tika [--debian 12] [--rounds 2]` from the project root.

What Drupal, CKAN and Plone extract with, on the same mixed set of real files in the same run, OCR off on both
sides: every file of the corpus (PDF, DOCX, PPTX, ODT, ODP, legacy DOC and PPT, encrypted and damaged files) plus
the first N PDFs of installed Debian documentation packages (/usr/share/doc). Tika 3.3.1 runs in one JVM
(`scripts/fetch-tika.sh` fetches it from Maven Central and compiles bench/tika/TikaBench.java), the project
through its product path, `extract_file_isolated()` (children of the warm zygote; legacy formats through
LibreOffice). Round 1 is cold (JVM start and class loading for Tika, the zygote's start for the project);
later rounds are warm, and the figures are their median per file. Prints the time per format and in all,
the time ratio (project / Tika, < 1.0 means faster) and the recall of the corpus's EXPECTED.tsv phrases (case
and spaces folded) on each side.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.extraction import DEBIAN_DOC, PROJECT_ROOT, corpus_dir
from extraction import ExtractionError, extract_file_isolated

TIKA_DIR = PROJECT_ROOT / "var" / "tika"


def mixed_set(debian: int) -> list[Path]:
    corpus = corpus_dir()
    files = [p for p in sorted(corpus.iterdir()) if p.is_file() and p.suffix.lower() != ".tsv"]
    return files + sorted(DEBIAN_DOC.glob("**/*.pdf"))[:debian]


def expected_phrases() -> dict[str, list[str]]:
    phrases: dict[str, list[str]] = {}
    for line in (corpus_dir() / "EXPECTED.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("file\t"):
            continue
        name, *cells = line.split("\t")
        phrases[name] = [c for c in cells if c and not c.startswith("needs OCR:")]
    return phrases


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


class Tika:
    """One JVM for the whole run, fed one path per line."""

    def __init__(self, out: Path):
        subprocess.run(["bash", str(PROJECT_ROOT / "scripts" / "fetch-tika.sh")], check=True)
        self.out = out
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            ["java", "-cp", f"{TIKA_DIR / 'classes'}:{TIKA_DIR / 'lib'}/*", "TikaBench", str(out)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        while (line := self.proc.stdout.readline()) and line.strip() != "ready":
            pass  # Log4j's complaint that no logging provider is configured
        if not line:
            raise SystemExit("Tika did not start")
        self.start_seconds = time.perf_counter() - started
        self.count = 0

    def parse(self, path: Path) -> tuple[float, str, str]:
        self.proc.stdin.write(f"{path}\n")
        self.proc.stdin.flush()
        self.count += 1
        line = self.proc.stdout.readline()
        while line.count("\t") != 3:  # a parser's stray output
            line = self.proc.stdout.readline()
        number, ms, _chars, status = line.rstrip("\n").split("\t")
        return int(ms) / 1000, (self.out / f"{number}.txt").read_text(encoding="utf-8"), status

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def project(path: Path) -> tuple[float, str, str]:
    started = time.perf_counter()
    try:
        text, status = extract_file_isolated(path, ocr=False).text, "ok"
    except ExtractionError as exc:
        text, status = "", exc.code
    return time.perf_counter() - started, text, status


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--debian", type=int, default=12, help="how many Debian documentation PDFs to add"
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds (the first is cold)")
    args = parser.parse_args()
    files = mixed_set(args.debian)
    phrases = expected_phrases()
    times: dict[str, dict[Path, list[float]]] = {
        "tika": defaultdict(list),
        "project": defaultdict(list),
    }
    texts: dict[str, dict[Path, str]] = {"tika": {}, "project": {}}
    statuses: dict[str, dict[Path, str]] = {"tika": {}, "project": {}}
    cold = {"tika": 0.0, "project": 0.0}
    with tempfile.TemporaryDirectory(prefix="maillage-tika-") as tmp:
        tika = Tika(Path(tmp))
        cold["tika"] += tika.start_seconds
        try:
            for round_number in range(args.rounds):
                for path in files:  # interleaved: both sides see the same machine load
                    for side, run in (("tika", tika.parse), ("project", project)):
                        seconds, text, status = run(path)
                        if round_number == 0:
                            cold[side] += seconds
                            texts[side][path], statuses[side][path] = text, status
                        else:
                            times[side][path].append(seconds)
        finally:
            tika.close()

    by_format: dict[str, dict[str, float]] = defaultdict(
        lambda: {"tika": 0.0, "project": 0.0, "files": 0}
    )
    for path in files:
        fmt = path.suffix.lower().lstrip(".")
        by_format[fmt]["files"] += 1
        for side in ("tika", "project"):
            by_format[fmt][side] += statistics.median(times[side][path])
    print(
        f"Mixed set: {len(files)} files ({len(files) - args.debian} corpus, {args.debian} Debian documentation "
        f"PDFs), OCR off, warm median of {args.rounds - 1} round(s); cold = round 1 (+ JVM start for Tika)"
    )
    print(f"{'format':<8}{'files':>6}{'Tika s':>10}{'project s':>11}{'ratio':>8}")
    for fmt, row in sorted(by_format.items()):
        print(
            f"{fmt:<8}{row['files']:>6}{row['tika']:>10.2f}{row['project']:>11.2f}"
            f"{row['project'] / max(row['tika'], 1e-9):>8.2f}"
        )
    tika_total = sum(r["tika"] for r in by_format.values())
    project_total = sum(r["project"] for r in by_format.values())
    print(
        f"{'all':<8}{len(files):>6}{tika_total:>10.2f}{project_total:>11.2f}{project_total / tika_total:>8.2f}"
    )
    print(
        f"cold round: Tika {cold['tika']:.2f} s (JVM start {tika.start_seconds:.2f} s), "
        f"project {cold['project']:.2f} s, ratio {cold['project'] / cold['tika']:.2f}"
    )
    for side in ("tika", "project"):
        found = total = 0
        missed = []
        for path in files:
            for phrase in phrases.get(path.name, []):
                total += 1
                if fold(phrase) in fold(texts[side][path]):
                    found += 1
                else:
                    missed.append(f"{path.name}: {phrase}")
        failed = sorted(p.name for p, s in statuses[side].items() if s != "ok")
        print(f"{side}: phrase recall {found}/{total}; failed files: {', '.join(failed) or 'none'}")
        for miss in missed:
            print(f"    missed  {miss}")


if __name__ == "__main__":
    sys.path.insert(0, str(PROJECT_ROOT))
    main()
