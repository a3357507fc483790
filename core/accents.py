"""Accent-insensitive matching in SQL without an extension: « cress », « economie » and « Economie » find
« Économie » in PostgreSQL and SQLite alike, through a regular expression (`__iregex`) whose letters stand for
every accented form of themselves; spaces, hyphens and apostrophes in the query match any of them.
"""

from __future__ import annotations

import re
import unicodedata

_VARIANTS = {
    "a": "aàâäáãå",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîïíì",
    "n": "nñ",
    "o": "oôöóòõ",
    "u": "uùûüú",
    "y": "yÿý",
}
_SEPARATORS = re.compile(r"[\s'’\-]+")
# Letters that Unicode decomposition does not fold but OpenSearch's asciifolding does: « Œuvre » → « OEuvre ».
LETTER_FOLDS = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "TH",
    }
)


def fold(text: str) -> str:
    """Lower case without accents: « Économie Sociale » → « economie sociale »."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def accent_insensitive_pattern(query: str) -> str:
    """A regular expression (for `__iregex`) finding `query` whatever its accents, case and separators.

    Upper-case accented letters are listed too, so that no database's case folding of non-ASCII letters is
    relied upon. Every other character is escaped: nothing of the query reaches the engine as syntax."""
    pieces = []
    for part in _SEPARATORS.split(fold(" ".join(query.split()))):
        letters = []
        for char in part:
            variants = _VARIANTS.get(char)
            if variants:
                letters.append("[" + variants + variants.upper() + "]")
            else:
                letters.append(re.escape(char))
        if letters:
            pieces.append("".join(letters))
    return r"[\s'’\-]+".join(pieces)
