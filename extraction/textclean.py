"""Text hygiene applied to every extracted page."""

from __future__ import annotations

import re
import unicodedata

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u0132": "IJ",
    "\u0133": "ij",
}
# PDFium reports an end-of-line hyphen it removed as U+0002; treat it like a soft hyphen.
_SOFT_BREAK = re.compile("[\u00ad\x02][ \t]*(?:\r\n|\r|\n)?[ \t]*")
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff\ufffe\uffff]")
# C0/C1 controls (tabs become spaces), private-use code points (broken font maps), lone surrogates.
_JUNK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff]")
_LINE_END = re.compile(r"\r\n|\r|\u2028|\u2029|\x0b|\x85")
_LINE_END_CHARS = ("\r", "\u2028", "\u2029", "\x0b", "\x85")
_LIGATURE_CHARS = re.compile("[\ufb00-\ufb06\u0132\u0133]")
# A letter run, a hyphen at the end of a line, a letter run on the next line.
_HYPHENATED = re.compile(r"\b([^\W\d_]+)[-\u2010]\n([^\W\d_]+)\n?")
# Whitespace other than the line feed: tabs, no-break and narrow no-break spaces (French typography)...
_ODD_SPACE = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_ODD_SPACES = re.compile(f"[{_ODD_SPACE}]+")
_SPACE_RUN = re.compile(" {2,}")
_MANY_NEWLINES = re.compile(r"\n{3,}")
# The code points of _JUNK below U+0100, as bytes (what `_latin1` pages can hold of it).
_LOW_JUNK_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)])


def _latin1(text: str) -> bytes | None:
    """The page as Latin-1 bytes, or None when it holds a character beyond U+00FF (CPython encodes in C, fast)."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return None


def _join_hyphenated(match: re.Match[str]) -> str:
    left, right = match.group(1), match.group(2)
    if left[-1].islower() and right[0].islower():
        # "écono-\nmie sociale" -> "économie\nsociale": the word moves up, the line break stays.
        return f"{left}{right}\n"
    return match.group(0)


def _strip_lines(text: str) -> str:
    # Runs of spaces are already single spaces here.
    return text.replace(" \n", "\n").replace("\n ", "\n")


def clean_text(text: str) -> str:
    """NFC, ligatures expanded, soft hyphens and end-of-line hyphenation removed, whitespace tidied."""
    if not text:
        return ""
    # Each regex pass scans the whole page: skip those whose characters are absent (str `in` is much faster).
    text = text.replace("\r\n", "\n")
    if any(ch in text for ch in _LINE_END_CHARS):
        text = _LINE_END.sub("\n", text)
    text = text.replace("\f", "\n\n")
    if "\u00ad" in text or "\x02" in text:
        text = _SOFT_BREAK.sub("", text)
    latin = _latin1(text)
    if latin is None:  # characters beyond Latin-1: every pass
        text = _ZERO_WIDTH.sub("", text)
        if _LIGATURE_CHARS.search(text):
            text = _LIGATURE_CHARS.sub(lambda m: _LIGATURES[m.group()], text)
        text = _JUNK.sub(" ", text)
        text = unicodedata.normalize("NFC", text)
        if _ODD_SPACES.search(text):
            text = _ODD_SPACES.sub(" ", text)
    else:
        # Latin-1 only (most pages of French text): no zero-width character, ligature, private-use code point or
        # combining mark (so already NFC), and the only odd spaces are the tab and the no-break space. The
        # control characters are found by a bytes pass, far cheaper than a regex over the page.
        if len(latin.translate(None, _LOW_JUNK_BYTES)) != len(latin):
            text = _JUNK.sub(" ", text)
        if "\t" in text or "\u00a0" in text:
            text = _ODD_SPACES.sub(" ", text)
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    text = _strip_lines(text)
    if "-\n" in text or "\u2010\n" in text:
        text = _HYPHENATED.sub(_join_hyphenated, text)
        text = _strip_lines(text)
    if "\n\n\n" in text:
        text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()
