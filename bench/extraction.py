"""Extraction benchmark: `.venv/bin/python -m bench.extraction` from the project root.

Prints (never asserts):
- PDF text-layer pages/s of our extractor vs `pdftotext` over the corpus PDFs, and their ratio;
- peak RSS while extracting a generated 1,000-page PDF (target: under 300 MB);
- pages/s per format over the corpus;
- OCR seconds per scanned page.

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

from tasks.extractors import ExtractionError, detect_format, extract_file  # noqa: E402

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


def bench_pdf_vs_pdftotext(corpus: Path, repeat: int) -> None:
    print("== PDF text layer: ours (pypdfium2, OCR off) vs pdftotext ==")
    pdftotext = shutil.which("pdftotext")
    total_pages = 0
    ours_total = theirs_total = 0.0
    print(f"{'file':42} {'pages':>5} {'ours p/s':>10} {'pdftotext p/s':>14} {'ratio':>6}")
    for path, fmt in corpus_documents(corpus):
        if fmt != "pdf":
            continue
        try:
            doc = extract_file(path, ocr=False)
        except ExtractionError:
            continue  # encrypted / malformed files are not throughput material
        pages = len(doc.pages)
        ours = best_of(repeat, lambda p=path: extract_file(p, ocr=False))
        line = f"{path.name[:42]:42} {pages:5d} {pages / ours:10.0f}"
        if pdftotext:
            theirs = best_of(
                repeat,
                lambda p=path: subprocess.run(
                    [pdftotext, "-enc", "UTF-8", str(p), "-"], capture_output=True, check=False
                ),
            )
            theirs_total += theirs
            line += f" {pages / theirs:14.0f} {theirs / ours:6.2f}"
        print(line)
        total_pages += pages
        ours_total += ours
    if not total_pages:
        print("no readable PDF in the corpus")
        return
    summary = f"TOTAL {total_pages} pages: ours {total_pages / ours_total:.0f} pages/s"
    if pdftotext and theirs_total:
        summary += (
            f", pdftotext {total_pages / theirs_total:.0f} pages/s, "
            f"ratio ours/pdftotext = {theirs_total / ours_total:.2f}x"
        )
    else:
        summary += " (pdftotext not installed: no comparison)"
    print(summary)


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


RSS_PROBE = """
import sys, time
sys.path.insert(0, sys.argv[2])


def hwm_kb():
    # VmHWM is reset by exec, unlike ru_maxrss, which keeps the forking parent's peak.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


from tasks.extractors import extract_file
import pypdfium2
before = hwm_kb()
started = time.perf_counter()
doc = extract_file(sys.argv[1], ocr=False)
elapsed = time.perf_counter() - started
peak = hwm_kb()
print(len(doc.pages), sum(len(p.text) for p in doc.pages), before, peak, elapsed)
"""


def bench_big_pdf_rss(pages: int) -> None:
    print(f"\n== Peak RSS extracting a generated {pages}-page PDF (fresh process) ==")
    with tempfile.TemporaryDirectory(prefix="maillage-bench-") as tmp:
        path = Path(tmp) / "big.pdf"
        started = time.perf_counter()
        make_big_pdf(path, pages)
        print(
            f"generated {path.stat().st_size / 1e6:.1f} MB with reportlab "
            f"in {time.perf_counter() - started:.1f}s"
        )
        out = subprocess.run(
            [sys.executable, "-c", RSS_PROBE, str(path), str(PROJECT_ROOT)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        n, chars, before_kb, peak_kb, elapsed = (
            int(out[0]),
            int(out[1]),
            int(out[2]),
            int(out[3]),
            float(out[4]),
        )
        verdict = "OK" if peak_kb / 1024 < RSS_TARGET_MB else "OVER TARGET"
        print(
            f"{n} pages, {chars / 1e6:.1f} M chars in {elapsed:.1f}s ({n / elapsed:.0f} pages/s); "
            f"peak RSS {peak_kb / 1024:.0f} MB (interpreter + imports {before_kb / 1024:.0f} MB) "
            f"-> {verdict} (target < {RSS_TARGET_MB} MB)"
        )
        pdftotext = shutil.which("pdftotext")
        if pdftotext:
            started = time.perf_counter()
            subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=False)
            theirs = time.perf_counter() - started
            print(
                f"pdftotext on the same file: {theirs:.1f}s ({n / theirs:.0f} pages/s); "
                f"ratio ours/pdftotext = {theirs / elapsed:.2f}x"
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
        elapsed = best_of(1 if fmt in ("doc", "ppt") else repeat, lambda p=path: extract_file(p, ocr=False))
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
        print(f"OCR seconds per page: median {statistics.median(per_page):.2f}, max {max(per_page):.2f}")
    else:
        print("no scanned page found (is tesseract installed?)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="best of N timings (default 3)")
    parser.add_argument("--pages", type=int, default=1000, help="pages of the generated PDF (default 1000)")
    args = parser.parse_args()
    corpus = corpus_dir()
    if not corpus.is_dir():
        print(f"corpus not found at {corpus} (set MAILLAGE_CORPUS_DIR)", file=sys.stderr)
        return 1
    print(f"corpus: {corpus}; {os.cpu_count()} CPU(s); Python {sys.version.split()[0]}")
    bench_pdf_vs_pdftotext(corpus, args.repeat)
    bench_big_pdf_rss(args.pages)
    bench_formats(corpus, args.repeat)
    bench_ocr(corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
