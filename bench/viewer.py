"""Thumbnail cost per page against text extraction per page of the same PDFs (the reference, same run); with
--results, the search results page in Chromium with its lazy thumbnails against the same page without them.

    .venv/bin/python -m bench.viewer [file.pdf …]   (default: three multi-page PDFs of the corpus)
    .venv/bin/python -m bench.viewer --results [--rounds 15] [--query "trace"]
    .venv/bin/python -m bench.viewer --conversion [office files …]   (LibreOffice to PDF, against text extraction)

--results builds a throw-away embedded site (MAILLAGE_VAR_DIR in a temporary folder: SQLite, embedded index,
media), imports the PDFs with `import_documents --sync`, serves it with `runserver`, and loads the results page
in Debian's Chromium, alternating: thumbnails served, and thumbnails blocked (the page as it was without them).
Time is navigation start to the load event (median of the rounds). Storage per document: the thumbnails of every
page a search hit names, and of all pages.
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

import django
import pypdfium2 as pdfium

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()

from resources.thumbnails import WIDTH  # noqa: E402

CORPUS = Path("/work/shared/corpus")
DEFAULT = ["tracemonkey.pdf", "federal-register-2020-17221.pdf", "pdkids.pdf"]


def main(paths: list[Path]) -> None:
    for path in paths:
        pdf = pdfium.PdfDocument(str(path))
        pages = len(pdf)
        start = time.perf_counter()
        for i in range(pages):
            pdf[i].get_textpage().get_text_range()
        text = (time.perf_counter() - start) / pages
        start, size = time.perf_counter(), 0
        for i in range(pages):
            sheet = pdf[i]
            buffer = io.BytesIO()
            sheet.render(scale=WIDTH / sheet.get_width()).to_pil().save(
                buffer, format="PNG", optimize=True
            )
            size += buffer.tell()
        thumb = (time.perf_counter() - start) / pages
        pdf.close()
        print(
            f"{path.name}: {pages} pages; text {text * 1000:.1f} ms/page; thumbnail {thumb * 1000:.1f} ms/page "
            f"(ratio {thumb / text:.1f}); {size / pages / 1024:.1f} KiB/page; "
            f"all pages {size / 1024:.0f} KiB vs file {path.stat().st_size / 1024:.0f} KiB"
        )


def _timed_load(browser, url: str) -> float:
    browser.get(url)
    return browser.execute_script(
        "const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime;"
    )


def results(paths: list[Path], rounds: int, query: str) -> None:
    import shutil
    import socket
    import statistics
    import subprocess
    import tempfile
    import urllib.parse
    import urllib.request

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from testing.chromium import CHROMEDRIVER, CHROMIUM, FLAGS

    var = Path(tempfile.mkdtemp(prefix="maillage-bench-viewer-"))
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "OPENSEARCH_URL")
    }
    env.update(MAILLAGE_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="config.settings.dev", DEBUG="1")
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True)
    subprocess.run(
        [*manage, "import_documents", *map(str, paths), "--sync"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    profile = tempfile.mkdtemp(prefix="maillage-bench-chromium-")
    browser = None
    try:
        for _ in range(100):
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
        url = f"{base}/recherche/?{urllib.parse.urlencode({'q': query})}"
        _timed_load(browser, url)  # warm the server (templates, index)
        thumbs = browser.execute_script("return document.querySelectorAll('img.page-thumb').length")
        cold = _timed_load(browser, url)  # thumbnails rendered on demand, once
        with_thumbs, without = [], []
        for _ in range(rounds):
            browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/apercu/*"]})
            without.append(_timed_load(browser, url))
            browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
            with_thumbs.append(_timed_load(browser, url))
        a, b = statistics.median(with_thumbs), statistics.median(without)
        print(
            f"results page « {query} » ({thumbs} thumbnails, {rounds} rounds, Chromium, runserver): "
            f"with thumbnails {a:.0f} ms, without {b:.0f} ms (ratio {a / b:.2f}); first load, thumbnails "
            f"rendered on demand: {cold:.0f} ms"
        )
        folder = var / "media" / "thumbnails"
        for doc_folder in sorted(folder.iterdir()) if folder.exists() else []:
            files = list(doc_folder.glob("*.png"))
            size = sum(f.stat().st_size for f in files)
            print(
                f"  document {doc_folder.name}: {len(files)} thumbnails of hit pages, {size / 1024:.1f} KiB"
            )
    finally:
        if browser is not None:
            browser.quit()
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(var, ignore_errors=True)


OFFICE = [
    "testPPT.pptx",
    "LibreOfficeImpress_odp_1.3.odp",
    "2014_ODF_Plugfest_Collaborated_Editing_on_ODF.odp",
    "testWORD.docx",
    "testOpenOffice2.odt",
]


def conversions(paths: list[Path]) -> None:
    """Each office file converted to PDF as the worker does (resources.conversion.convert_file: the warm
    LibreOffice, else one of its own), against the text extraction of the same file in process (the reference,
    same run). The first conversion includes starting the warm LibreOffice."""
    import tempfile

    from extraction import extract_file
    from resources.conversion import convert_file, soffice_path

    if soffice_path() is None:
        sys.exit("LibreOffice (soffice) is not installed: nothing to measure.")
    for path in paths:
        start = time.perf_counter()
        extracted = extract_file(str(path))
        text = time.perf_counter() - start
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            pdf_path = convert_file(path, Path(tmp) / "out")
            took = time.perf_counter() - start
            if pdf_path is None:
                print(f"{path.name}: conversion failed after {took:.1f} s")
                continue
            pages = len(pdfium.PdfDocument(str(pdf_path)))
            size = pdf_path.stat().st_size
        print(
            f"{path.name}: {len(extracted.pages)} {extracted.unit}s -> PDF of {pages} pages in {took:.2f} s "
            f"({took / max(pages, 1) * 1000:.0f} ms/page; text extraction {text:.2f} s, ratio {took / text:.1f}); "
            f"PDF {size / 1024:.0f} KiB vs file {path.stat().st_size / 1024:.0f} KiB"
        )


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--conversion" in args:
        conversions(
            [Path(a) for a in args if a != "--conversion"] or [CORPUS / name for name in OFFICE]
        )
    elif "--results" in args:
        args.remove("--results")
        rounds = int(args[args.index("--rounds") + 1]) if "--rounds" in args else 15
        query = args[args.index("--query") + 1] if "--query" in args else "trace"
        files = [Path(a) for a in args if a.endswith(".pdf")]
        results(files or [CORPUS / name for name in DEFAULT], rounds, query)
    else:
        main([Path(p) for p in sys.argv[1:]] or [CORPUS / name for name in DEFAULT])
