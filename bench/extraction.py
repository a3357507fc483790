"""Extraction benchmark: `.venv/bin/python -m bench.extraction` from the project root.

Prints (never asserts):
- the product path, `extract_file_isolated()` as the worker runs it, in both isolation modes (children of
  the warm zygote, and a fresh interpreter per document), against `pdftotext` run the ordinary way (one
  process per file, no -layout) and against in-process `extract_file()`, on the same files in the same
  run, interleaved, median of N rounds per document: per-document p50/p95, total pages/s, time ratio.
  Files: the corpus PDFs with a text layer, the PDFs of installed Debian documentation packages
  (/usr/share/doc: libtasn1-doc, shared-mime-info, gnuplot-doc, r-doc-pdf when installed), and a
  generated dense 1,000-page PDF (reported apart). OCR off on every side;
- peak memory of the product path's child (and its helper) on the dense PDF (target: under 300 MB);
- with OCR on: scanned pages per second through the product path;
- pages/s per format over the corpus (in-process), OCR seconds per scanned page.

Corpus: $MAILLAGE_CORPUS_DIR or <project root>/../shared/corpus.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from extraction import (  # noqa: E402
    ExtractionError,
    defaults,
    detect_format,
    extract_file,
    extract_file_isolated,
    zygote,
)
from extraction.isolate import run_isolated  # noqa: E402
from testing.pdfs import scanned_pdf  # noqa: E402

RSS_TARGET_MB = 300


def corpus_dir() -> Path:
    env = os.environ.get("MAILLAGE_CORPUS_DIR")
    return Path(env) if env else (PROJECT_ROOT.parent / "shared" / "corpus").resolve()


def best_of(repeat: int, func) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def corpus_documents(corpus: Path) -> list[tuple[Path, str]]:
    docs = []
    for path in sorted(corpus.iterdir()):
        if not path.is_file() or path.suffix.lower() == ".tsv":
            continue
        try:
            docs.append((path, detect_format(path)))
        except ExtractionError:
            continue
    return docs


DEBIAN_DOC = Path("/usr/share/doc")
SIDES = ("pdftotext", "fork", "fresh", "in-process")


def pdftotext_run(path: Path) -> None:
    subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=False)


RUNNERS = {
    "pdftotext": pdftotext_run,
    "fork": lambda p: extract_file_isolated(p, ocr=False, isolation="fork"),
    "fresh": lambda p: extract_file_isolated(p, ocr=False, isolation="fresh"),
    "in-process": lambda p: extract_file(p, ocr=False),
}


def text_layer_pdfs(corpus: Path) -> list[tuple[Path, int]]:
    """Corpus and Debian documentation PDFs that open and have text on every second page at least."""
    candidates = [path for path, fmt in corpus_documents(corpus) if fmt == "pdf"]
    candidates += sorted(DEBIAN_DOC.glob("**/*.pdf"))
    found = []
    for path in candidates:
        try:
            doc = extract_file(path, ocr=False)
        except ExtractionError:
            continue  # encrypted / malformed files are not throughput material
        if sum(bool(p.text.strip()) for p in doc.pages) * 2 >= len(doc.pages):
            found.append((path, len(doc.pages)))
    return found


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_sides(files: list[tuple[Path, int]], rounds: int) -> dict[str, list[float]]:
    """Median seconds per file for every side; sides interleaved, their order rotated every round."""
    samples: dict[str, list[list[float]]] = {side: [[] for _ in files] for side in SIDES}
    for r in range(rounds):
        for i, (path, _pages) in enumerate(files):
            for k in range(len(SIDES)):
                side = SIDES[(k + r + i) % len(SIDES)]
                started = time.perf_counter()
                RUNNERS[side](path)
                samples[side][i].append(time.perf_counter() - started)
    return {side: [statistics.median(s) for s in per_file] for side, per_file in samples.items()}


def bench_product_path(corpus: Path, rounds: int) -> None:
    print(
        f"== Product path (extract_file_isolated, OCR off) vs pdftotext, median of {rounds} rounds =="
    )
    if not shutil.which("pdftotext"):
        print("pdftotext not installed: no reference")
        return
    files = text_layer_pdfs(corpus)
    extract_file_isolated(
        files[0][0], ocr=False
    )  # the zygote starts once per worker process, not per file
    times = time_sides(files, rounds)
    print(
        f"{'file':36} {'pages':>5} "
        + " ".join(f"{side + ' ms':>13}" for side in SIDES)
        + f" {'fork/pdftotext':>14}"
    )
    for i, (path, pages) in enumerate(files):
        where = path.name if path.is_relative_to(corpus) else str(path.relative_to(DEBIAN_DOC))
        print(
            f"{where[-36:]:36} {pages:5d} "
            + " ".join(f"{times[side][i] * 1000:13.0f}" for side in SIDES)
            + f" {times['fork'][i] / times['pdftotext'][i]:14.2f}"
        )
    total_pages = sum(pages for _path, pages in files)
    print(f"{len(files)} files, {total_pages} pages:")
    for side in SIDES:
        total = sum(times[side])
        print(
            f"  {side:10} total {total:6.2f} s, {total_pages / total:6.0f} pages/s, per document "
            f"p50 {pct(times[side], 0.5) * 1000:5.0f} ms p95 {pct(times[side], 0.95) * 1000:5.0f} ms, "
            f"time ratio to pdftotext {total / sum(times['pdftotext']):.2f}"
        )
    per_file = [f / p for f, p in zip(times["fork"], times["pdftotext"], strict=True)]
    print(
        f"  fork/pdftotext per document: median {statistics.median(per_file):.2f}, "
        f"max {max(per_file):.2f} (goal: time ratio <= 0.67)"
    )


def make_big_pdf(path: Path, pages: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    paragraph = (
        "Les collectivités territoriales soutiennent l'économie sociale et solidaire par la commande "
        "publique responsable, les subventions aux associations et l'accompagnement des coopératives. "
    )
    c = canvas.Canvas(str(path), pagesize=A4)
    for n in range(pages):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(60, 800, f"Chapitre {n // 20 + 1} - page {n + 1}")
        c.setFont("Helvetica", 10)
        y = 780
        for line in range(45):
            c.drawString(50, y, (paragraph * 2)[line % 40 : line % 40 + 105])
            y -= 16
        c.showPage()
    c.save()


def _peak_probe(path: str) -> dict[str, int]:
    """Run in the isolated child: extract, then report this child's and its helper's peak RSS (KiB)."""
    import resource

    doc = extract_file(path, ocr=False)
    hwm = 0
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    helper = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"pages": len(doc.pages), "child_kb": hwm, "helper_kb": helper}


def bench_big_pdf(pages: int, rounds: int) -> None:
    print(f"\n== Dense generated {pages}-page PDF: product path vs pdftotext, peak memory ==")
    with tempfile.TemporaryDirectory(prefix="maillage-bench-") as tmp:
        path = Path(tmp) / "big.pdf"
        started = time.perf_counter()
        make_big_pdf(path, pages)
        print(
            f"generated {path.stat().st_size / 1e6:.1f} MB with reportlab in {time.perf_counter() - started:.1f}s"
        )
        times = time_sides([(path, pages)], rounds)
        for side in SIDES:
            print(
                f"  {side:10} {times[side][0]:6.2f} s, {pages / times[side][0]:5.0f} pages/s, "
                f"time ratio to pdftotext {times[side][0] / times['pdftotext'][0]:.2f}"
            )
        for mode in ("fork", "fresh"):
            probe = run_isolated(
                "bench.extraction:_peak_probe",
                [str(path)],
                {},
                timeout=float(defaults.TIMEOUT),
                memory_limit_mb=int(defaults.MEMORY_LIMIT_MB),
                isolation=mode,
            )
            total = (probe["child_kb"] + probe["helper_kb"]) / 1024
            verdict = "OK" if total < RSS_TARGET_MB else "OVER TARGET"
            print(
                f"  peak RSS ({mode}): child {probe['child_kb'] / 1024:.0f} MB + helper "
                f"{probe['helper_kb'] / 1024:.0f} MB = {total:.0f} MB -> {verdict} (target < {RSS_TARGET_MB} MB)"
            )
        zpid = zygote.current_pid()
        if zpid:
            rss = next(
                int(line.split()[1])
                for line in open(f"/proc/{zpid}/status")
                if line.startswith("VmRSS:")
            )
            print(f"  warm zygote (one per worker process): {rss / 1024:.0f} MB RSS")


def bench_product_ocr(corpus: Path) -> None:
    print("\n== Product path with OCR on (fork mode): scanned pages ==")
    with tempfile.TemporaryDirectory(prefix="maillage-bench-") as tmp:
        six = scanned_pdf(corpus / "c02-22.pdf", 6, Path(tmp) / "c02-22-x6.pdf")
        files = [corpus / "testOCR.pdf", corpus / "c02-22.pdf", six]
        ocr_pages = 0
        seconds = 0.0
        for path in files:
            started = time.perf_counter()
            doc = extract_file_isolated(path, ocr=True)
            elapsed = time.perf_counter() - started
            n = sum(p.ocr for p in doc.pages)
            ocr_pages += n
            seconds += elapsed
            theirs = time.perf_counter()
            pdftotext_run(path)
            theirs = time.perf_counter() - theirs
            print(
                f"  {path.name:24} {len(doc.pages)} page(s), {n} OCR'd in {elapsed:.2f} s "
                f"(pdftotext, no OCR: {theirs * 1000:.0f} ms, {sum(len(p.text) for p in doc.pages)} chars ours)"
            )
        if ocr_pages:
            print(
                f"  {ocr_pages} OCR pages in {seconds:.1f} s = {ocr_pages / seconds:.2f} OCR pages/s, "
                "2 pages at a time after a scanned PDF's first page (child + helper) when the 1-minute load "
                f"is at most the number of cores (now {os.getloadavg()[0]:.1f}), else 1"
            )


def bench_formats(corpus: Path, repeat: int) -> None:
    print("\n== Pages (slides, sections) per second by format, corpus files, OCR off ==")
    units: dict[str, int] = defaultdict(int)
    seconds: dict[str, float] = defaultdict(float)
    files: dict[str, int] = defaultdict(int)
    for path, fmt in corpus_documents(corpus):
        try:
            doc = extract_file(path, ocr=False)
        except ExtractionError:
            continue
        # LibreOffice conversions take seconds each: time them once.
        elapsed = best_of(
            1 if fmt in ("doc", "ppt") else repeat, lambda p=path: extract_file(p, ocr=False)
        )
        units[fmt] += len(doc.pages)
        seconds[fmt] += elapsed
        files[fmt] += 1
    print(f"{'format':7} {'files':>5} {'units':>6} {'seconds':>8} {'units/s':>8} {'s/file':>7}")
    for fmt in sorted(units):
        print(
            f"{fmt:7} {files[fmt]:5d} {units[fmt]:6d} {seconds[fmt]:8.3f} "
            f"{units[fmt] / seconds[fmt]:8.1f} {seconds[fmt] / files[fmt]:7.2f}"
        )


def bench_ocr(corpus: Path) -> None:
    print("\n== OCR (tesseract, 300 dpi grayscale) ==")
    per_page = []
    for path, fmt in corpus_documents(corpus):
        if fmt != "pdf":
            continue
        try:
            probe = extract_file(path, ocr=False)
        except ExtractionError:
            continue
        if any(p.text for p in probe.pages) and len(probe.pages) > 3:
            continue
        started = time.perf_counter()
        doc = extract_file(path, ocr=True)
        elapsed = time.perf_counter() - started
        ocr_pages = sum(p.ocr for p in doc.pages)
        if ocr_pages:
            per_page.append(elapsed / ocr_pages)
            print(
                f"{path.name:42} {ocr_pages} OCR page(s) in {elapsed:.2f}s = {elapsed / ocr_pages:.2f} s/page"
            )
    if per_page:
        print(
            f"OCR seconds per page: median {statistics.median(per_page):.2f}, max {max(per_page):.2f}"
        )
    else:
        print("no scanned page found (is tesseract installed?)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=3, help="rounds (median) / best of N (default 3)"
    )
    parser.add_argument(
        "--pages", type=int, default=1000, help="pages of the generated PDF (default 1000)"
    )
    parser.add_argument(
        "--skip-formats", action="store_true", help="skip units/s per format and OCR s/page"
    )
    args = parser.parse_args()
    corpus = corpus_dir()
    if not corpus.is_dir():
        print(f"corpus not found at {corpus} (set MAILLAGE_CORPUS_DIR)", file=sys.stderr)
        return 1
    print(
        f"corpus: {corpus}; {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f}; "
        f"Python {sys.version.split()[0]}"
    )
    bench_product_path(corpus, args.repeat)
    bench_big_pdf(args.pages, args.repeat)
    bench_product_ocr(corpus)
    if not args.skip_formats:
        bench_formats(corpus, args.repeat)
        bench_ocr(corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
