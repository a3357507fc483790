"""Passages with the matched words marked, computed in Python (used by the embedded backend)."""

from __future__ import annotations

from django.utils.html import escape

from search.analysis import fold, stem, words

WINDOW = 160


def passages(text: str, terms: set[str], limit: int = 1, window: int = WINDOW) -> list[str]:
    """Up to `limit` escaped excerpts of `text` around words whose analysed form is in `terms`."""
    spans = [(s, e) for w, s, e in words(text) if stem(fold(w)) in terms]
    if not spans:
        return []
    out, used_until = [], -1
    for start, _ in spans:
        if start < used_until:
            continue
        a = max(0, start - window // 3)
        b = min(len(text), a + window)
        if a > 0:
            a = text.rfind(" ", 0, a) + 1
        if b < len(text):
            nxt = text.find(" ", b)
            b = len(text) if nxt == -1 else nxt
        inner = [(s, e) for s, e in spans if s >= a and e <= b]
        out.append(_mark(text, a, b, inner))
        used_until = b
        if len(out) >= limit:
            break
    return out


def _mark(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> str:
    pieces, pos = [], a
    for s, e in spans:
        pieces.append(escape(text[pos:s]))
        pieces.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    pieces.append(escape(text[pos:b]))
    prefix = "… " if a > 0 else ""
    suffix = " …" if b < len(text) else ""
    return prefix + "".join(pieces).replace("\n", " ").strip() + suffix
