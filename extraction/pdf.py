"""PDF extraction with pypdfium2, page by page, with OCR for pages that have no text layer."""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import re
import signal
import time

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import defaults
from .base import ExtractedDocument, ExtractedPage, ExtractionError
from .common import check_page_count, meaningful_title, parse_pdf_date, tidy_meta
from .ocr import OcrFailed, OcrTimeout, OcrUnavailable, ocr_image
from .textclean import clean_text

# A page with fewer letters/digits than this and at least one image is treated as scanned.
MIN_TEXT_CHARS = 20


def extract_pdf(
    path: str | os.PathLike[str],
    fmt: str = "pdf",
    *,
    max_pages: int,
    ocr: bool,
    ocr_timeout_per_page: float,
) -> ExtractedDocument:
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise _open_error(exc) from None
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise ExtractionError(
                "corrupt",
                "Le PDF ne contient aucune page lisible : ré-exportez-le puis déposez-le à nouveau.",
            )
        check_page_count(n_pages, max_pages)
        doc = ExtractedDocument(format="pdf", unit="page", pages=[])
        _metadata(pdf, doc)
        if not meaningful_title(doc.title):
            doc.title = xmp_title(path) or doc.title
        ocr_budget = int(defaults.OCR_MAX_PAGES)
        ocr_state = _OcrState(enabled=ocr, timeout=ocr_timeout_per_page, max_pages=ocr_budget)
        end = n_pages
        helper = None

        def start_helper(split: int) -> None:
            nonlocal helper, end
            helper_budget = (ocr_budget - ocr_state.done) // 2
            ocr_state.max_pages = ocr_budget - helper_budget
            helper = _Helper(path, split, n_pages, ocr, ocr_timeout_per_page, helper_budget)
            end = split

        try:
            # A long PDF: a helper reads its second part from the start.
            if split := split_point(n_pages):
                start_helper(split)
            index = 0
            while index < end:
                page = _extract_page(pdf, index, ocr_state)
                doc.pages.append(page)
                index += 1
                # A scanned one (first page OCR'd), as soon as that is known.
                ocr_split = int(defaults.OCR_SPLIT_MIN_PAGES)
                if (
                    helper is None
                    and index == 1
                    and page.ocr
                    and 0 < ocr_split <= n_pages - index
                    and can_split()
                ):
                    start_helper((index + n_pages + 1) // 2)
            if helper is not None:
                pages, state = helper.result()
                doc.pages.extend(pages)
                ocr_state.merge(state)
        finally:
            if helper is not None:
                helper.stop()
        ocr_state.max_pages = ocr_budget
        doc.warnings.extend(ocr_state.warnings())
        return doc
    finally:
        pdf.close()


# Set by the isolated child (isolate.child_payload): only there may a large PDF be read by two processes.
SPLIT_ALLOWED = False


def can_split() -> bool:
    """In the isolated child, on 2+ cores not already saturated (measured on 2 cores: a 1,000-page PDF 1.1 s ->
    0.65-0.75 s at load 1.5-2; 300 pages 0.37 s -> 0.24 s; under 250 pages no steady gain)."""
    cores = len(os.sched_getaffinity(0))
    max_load = cores if defaults.SPLIT_MAX_LOAD is None else float(defaults.SPLIT_MAX_LOAD)
    return SPLIT_ALLOWED and cores >= 2 and os.getloadavg()[0] <= max_load


def split_point(n_pages: int) -> int:
    """First page index read by a helper process (0: no helper), for the second core on a large PDF."""
    minimum = int(defaults.PDF_SPLIT_MIN_PAGES)
    if minimum <= 0 or n_pages < minimum or not can_split():
        return 0
    return n_pages - round(n_pages * HELPER_SHARE)


# The helper's share of the pages: a little under half, for it also pays its start (fork, opening the file) and
# sends its pages through a pipe. Measured on 2 cores, dense 1,000-page PDF: at 0.5 the helper ended ~50 ms
# after the child.
HELPER_SHARE = 0.47


class _Helper:
    """A forked process reading pages [start, end) of the same file with its own PDFium document.

    It shares the child's process group and limits (killed with it on timeout) and dies with it.
    """

    def __init__(
        self, path, start: int, end: int, ocr: bool, ocr_timeout: float, ocr_max_pages: int
    ) -> None:
        read_end, write_end = os.pipe()
        _widen_pipe(write_end)
        self.pid = os.fork()
        if self.pid == 0:
            code = 70
            try:
                os.close(read_end)
                _die_with_parent()
                _write_all(
                    write_end, _helper_payload(path, start, end, ocr, ocr_timeout, ocr_max_pages)
                )
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self.read_end = read_end

    def result(self) -> tuple[list[ExtractedPage], dict]:
        chunks = []
        while chunk := os.read(self.read_end, 1 << 20):
            chunks.append(chunk)
        _pid, status = os.waitpid(self.pid, 0)
        self.pid = 0
        try:
            payload = json.loads(b"".join(chunks))
        except ValueError:
            if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
                raise ExtractionError("too_large") from None
            raise ExtractionError("crashed") from None
        if "error" in payload:
            raise ExtractionError(payload["error"]["code"], payload["error"]["message"])
        pages = [ExtractedPage(number, text, ocr) for number, text, ocr in payload["pages"]]
        return pages, payload["ocr"]

    def stop(self) -> None:
        os.close(self.read_end)
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = 0


def _helper_payload(
    path, start: int, end: int, ocr: bool, ocr_timeout: float, ocr_max_pages: int
) -> dict:
    try:
        pdf = pdfium.PdfDocument(str(path))
        try:
            state = _OcrState(enabled=ocr, timeout=ocr_timeout, max_pages=ocr_max_pages)
            pages = [_extract_page(pdf, index, state) for index in range(start, end)]
        finally:
            pdf.close()
        return {"pages": [[p.number, p.text, p.ocr] for p in pages], "ocr": state.to_dict()}
    except ExtractionError as exc:
        return {"error": {"code": exc.code, "message": exc.message}}
    except MemoryError:
        return {"error": {"code": "too_large", "message": ExtractionError("too_large").message}}
    except Exception:
        return {"error": {"code": "corrupt", "message": ExtractionError("corrupt").message}}


def _write_all(fd: int, payload: dict) -> None:
    # ASCII JSON: the C encoder writes it ~40% faster than UTF-8 (7 ms less for 1,000 dense pages)
    data = memoryview(json.dumps(payload).encode("ascii"))
    while data:
        data = data[os.write(fd, data) :]


def _widen_pipe(fd: int) -> None:
    """Let the helper hand over its pages without waiting for the child to read (64 KiB by default)."""
    try:
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 4 << 20)
    except (OSError, AttributeError):
        try:  # above /proc/sys/fs/pipe-max-size without CAP_SYS_RESOURCE
            fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
        except (OSError, AttributeError):
            pass


def _die_with_parent() -> None:
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _open_error(exc: pdfium.PdfiumError) -> ExtractionError:
    code = getattr(exc, "err_code", None)
    if code in (pdfium_c.FPDF_ERR_PASSWORD,):
        return ExtractionError(
            "encrypted",
            "Le PDF est protégé par un mot de passe : déposez une version sans mot de passe.",
        )
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return ExtractionError(
            "encrypted",
            "Le PDF utilise une protection non prise en charge : déposez une version sans protection.",
        )
    if code == pdfium_c.FPDF_ERR_FILE:
        return ExtractionError("not_found")
    return ExtractionError(
        "corrupt",
        "Le PDF est endommagé ou incomplet et ne peut pas être lu : ré-exportez-le depuis "
        "le logiciel d'origine puis déposez-le à nouveau.",
    )


def _metadata(pdf: pdfium.PdfDocument, doc: ExtractedDocument) -> None:
    try:
        meta = pdf.get_metadata_dict()
    except (pdfium.PdfiumError, ValueError, UnicodeError):
        return
    doc.title = tidy_meta(meta.get("Title"))
    doc.author = tidy_meta(meta.get("Author"))
    doc.created = parse_pdf_date(meta.get("CreationDate"))


# The XMP packet's dc:title (<dc:title><rdf:Alt><rdf:li xml:lang="x-default">…</rdf:li>…): written by most
# exporters beside, or instead of, the Info dictionary's Title. Read from the raw bytes, where the packet is
# stored uncompressed by convention (XMP spec, part 3); a compressed one is simply not found.
_XMP_TITLE = re.compile(rb"<dc:title>\s*<rdf:Alt>\s*<rdf:li[^>]*>([^<]{1,2000})</rdf:li>", re.S)
XMP_SCAN_BYTES = 8 * 1024 * 1024


def xmp_title(path: str | os.PathLike[str]) -> str:
    """The title of the PDF's XMP metadata, or "" (the first and last 8 MiB are searched)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(XMP_SCAN_BYTES)
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            tail = b""
            if size > XMP_SCAN_BYTES:
                fh.seek(max(XMP_SCAN_BYTES, size - XMP_SCAN_BYTES))
                tail = fh.read()
    except OSError:
        return ""
    for chunk in (tail, head):  # an incremental update appends the newer packet at the end
        if match := _XMP_TITLE.search(chunk):
            text = match.group(1).decode("utf-8", "replace")
            text = (
                text.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", '"')
                .replace("&apos;", "'")
            )
            return tidy_meta(text.replace("&amp;", "&"))
    return ""


class _OcrState:
    _LISTS = ("timed_out", "skipped", "failed")

    def __init__(self, enabled: bool, timeout: float, max_pages: int | None = None) -> None:
        self.enabled = enabled
        self.timeout = timeout
        self.max_pages = int(defaults.OCR_MAX_PAGES if max_pages is None else max_pages)
        self.done = 0
        self.unavailable = False
        self.timed_out: list[int] = []
        self.skipped: list[int] = []
        self.failed: list[int] = []
        self.seconds = 0.0

    def to_dict(self) -> dict:
        return {"unavailable": self.unavailable, "seconds": self.seconds} | {
            k: getattr(self, k) for k in self._LISTS
        }

    def merge(self, other: dict) -> None:
        """Add what a helper process found on the pages after ours."""
        self.unavailable = self.unavailable or bool(other["unavailable"])
        self.seconds += float(other["seconds"])
        for key in self._LISTS:
            getattr(self, key).extend(other[key])

    def warnings(self) -> list[str]:
        out = []
        if self.unavailable:
            out.append(
                "La reconnaissance de texte (OCR) n'est pas disponible sur ce serveur : "
                "les pages numérisées n'ont pas été lues."
            )
        if self.timed_out:
            out.append(
                f"OCR interrompu (délai dépassé) pour les pages {_page_list(self.timed_out)}."
            )
        if self.failed:
            out.append(f"OCR impossible pour les pages {_page_list(self.failed)}.")
        if self.skipped:
            out.append(
                f"OCR non effectué au-delà de {self.max_pages} pages numérisées "
                f"(pages {_page_list(self.skipped)})."
            )
        return out


def _page_list(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return shown + (" …" if len(numbers) > 20 else "")


# "Fake bold": text drawn twice with a slight offset. PDFium merges the copies of wide letters but not always of
# narrow ones ("Muniiciipalliité"), or of none ("MMuunniicciippaalliittéé"); pdftotext gives each letter once. A page
# whose text holds a doubled letter that words rarely double (« ii », « uu », « aa », « éé »…) is read again
# letter by letter: a character equal to the one before it, the same glyph on the same line, shifted by less than
# half that one's advance, is its copy.
# Overlapping ("llll" gives three positions); never "ff", which ligatures (ff, ffi, ffl) split into two boxes.
_REPEATED = re.compile(r"([^\W_f])(?=\1)")
_RARE_DOUBLES = "aiouyhjkqvwxzéèêàâîôûç"
# One regex pass over the page, without IGNORECASE or look-arounds (they cost ~8x on a dense page).
_SUSPECT = re.compile(f"([{_RARE_DOUBLES}{_RARE_DOUBLES.upper()}])\\1")


def overprint_free(textpage: pdfium.PdfTextPage, raw: str) -> str:
    if not _SUSPECT.search(raw) or len(raw) != textpage.count_chars():
        return raw
    boxes: dict[tuple[int, bool], tuple[float, float, float, float]] = {}

    def box(index: int, loose: bool) -> tuple[float, float, float, float]:
        if (index, loose) not in boxes:
            boxes[index, loose] = textpage.get_charbox(index, loose=loose)
        return boxes[index, loose]

    dropped: set[int] = set()
    for pair in _REPEATED.finditer(
        raw
    ):  # each letter or digit that repeats the one before it (C speed)
        index = pair.start() + 1
        anchor = index - 1
        while (
            anchor in dropped
        ):  # a run ("llll" for a bold "ll"): compare with its last letter kept
            anchor -= 1
        left, bottom, _right, _top = box(index, True)
        a_left, a_bottom, a_right, _ = box(anchor, True)
        shift = left - a_left
        if not (abs(bottom - a_bottom) < 1 and 0.05 < shift < 0.5 * (a_right - a_left)):
            continue  # another letter: on another line, or a letter's advance further (a real "ll")
        t_left, _, t_right, _ = box(index, False)
        a_t_left, _, a_t_right, _ = box(anchor, False)
        if (
            abs((t_right - t_left) - (a_t_right - a_t_left)) < 0.15
        ):  # the same glyph (a ligature's letters differ)
            dropped.add(index)
    return "".join(ch for index, ch in enumerate(raw) if index not in dropped) if dropped else raw


def _extract_page(pdf: pdfium.PdfDocument, index: int, state: _OcrState) -> ExtractedPage:
    number = index + 1
    try:
        page = pdf[index]
    except pdfium.PdfiumError:
        return ExtractedPage(number, "")
    try:
        textpage = page.get_textpage()
        try:
            raw = overprint_free(textpage, textpage.get_text_range())
        finally:
            textpage.close()
        text = clean_text(raw)
        if state.enabled and sum(ch.isalnum() for ch in text) < MIN_TEXT_CHARS and _has_image(page):
            ocr_text = _ocr_page(page, number, state)
            if ocr_text is not None and len(ocr_text) > len(text):
                return ExtractedPage(number, ocr_text, ocr=True)
        return ExtractedPage(number, text)
    finally:
        page.close()


def _has_image(page: pdfium.PdfPage) -> bool:
    try:
        for _obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
            return True
    except pdfium.PdfiumError:
        return False
    return False


def _ocr_page(page: pdfium.PdfPage, number: int, state: _OcrState) -> str | None:
    if state.unavailable:
        return None
    if state.done >= state.max_pages:
        state.skipped.append(number)
        return None
    state.done += 1
    width, height = page.get_size()  # points
    dpi = float(defaults.OCR_DPI)
    pixels = (width * dpi / 72) * (height * dpi / 72)
    if pixels > defaults.OCR_MAX_PIXELS:
        dpi *= (defaults.OCR_MAX_PIXELS / pixels) ** 0.5
    started = time.monotonic()
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=False)
    except (pdfium.PdfiumError, MemoryError, ValueError):
        state.failed.append(number)
        return None
    try:
        image = bitmap.to_pil()
        try:
            text = ocr_image(
                image,
                languages=str(defaults.OCR_LANGUAGES),
                timeout=state.timeout,
                dpi=max(int(dpi), 70),
            )
        finally:
            image.close()
    except OcrUnavailable:
        state.unavailable = True
        return None
    except OcrTimeout:
        state.timed_out.append(number)
        return None
    except (OcrFailed, OSError, MemoryError):
        state.failed.append(number)
        return None
    finally:
        bitmap.close()
        state.seconds += time.monotonic() - started
    return clean_text(text)
