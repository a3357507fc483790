"""Passages with the matched words marked, computed in Python (used by the embedded backend)."""

from __future__ import annotations

from django.utils.html import escape

from search.analysis import term, words

WINDOW = 160
MAX_SPANS = 2000


def _spans(text: str, terms: set[str]) -> list[tuple[int, int, str]]:
    out = []
    for w, s, e in words(text):
        found = term(w)
        if found in terms:
            out.append((s, e, found))
            if len(out) >= MAX_SPANS:
                break
    return out


def _window(text: str, start: int, window: int) -> tuple[int, int]:
    a = max(0, start - window // 3)
    b = min(len(text), a + window)
    if a > 0:
        a = text.rfind(" ", 0, a) + 1
    if b < len(text):
        nxt = text.find(" ", b)
        b = len(text) if nxt == -1 else nxt
    return a, b


def passages(text: str, terms: set[str], limit: int = 1, window: int = WINDOW) -> list[str]:
    """Up to `limit` escaped excerpts of `text` around words whose analysed form is in `terms`.

    The excerpts chosen are those holding the most distinct query words (a phrase rather than one of
    its words met earlier), earliest first on a tie.
    """
    spans = _spans(text, terms)
    if not spans:
        return []
    candidates = []
    for i, (start, _, _) in enumerate(spans):
        a, b = _window(text, start, window)
        inside = [(s, e, t) for s, e, t in spans[max(0, i - 50) : i + 50] if s >= a and e <= b]
        candidates.append((-len({t for _, _, t in inside}), a, b, inside))
    candidates.sort(key=lambda c: (c[0], c[1]))
    chosen: list[tuple[int, int, list]] = []
    for _, a, b, inside in candidates:
        if any(a < cb and ca < b for ca, cb, _ in chosen):
            continue
        chosen.append((a, b, inside))
        if len(chosen) >= limit:
            break
    return [_mark(text, a, b, [(s, e) for s, e, _ in inside]) for a, b, inside in sorted(chosen)]


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
