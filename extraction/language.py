"""The language a text is written in, from its function words.

Each language's most frequent function words (articles, prepositions, pronouns, auxiliaries) make a third or
more of any running text and almost none of a list of names or figures: counting them in a sample of the text
tells French from English, German, Spanish, Italian, Portuguese, Dutch and Polish, with no model and no
dependency. The words come from the Snowball project's stop-word lists (snowballstem.org, BSD licence), cut to
their most frequent entries and to the words the languages do not share ("de", "en", "a" are left out).

`detect` answers None when the sample is too short or no language stands out: the caller treats that as the
site's own language.
"""

from __future__ import annotations

import re
from collections import Counter

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(text.split())
    for lang, text in {
        "fr": "le la les des du un une et est sont dans pour par sur avec qui que pas plus au aux ce cette "
        "ces il elle nous vous ils leur leurs son sa ses mais comme être été fait aussi très tout tous "
        "nos notre où dont sont ont peut entre",
        "en": "the and of to in is are was were that this with for on as by be it from at or an not have has "
        "which their they we you but can will would there been these those its into also more other such "
        "should may our than",
        "de": "der die das und ist nicht mit den dem des ein eine einer eines auf für von zu im sich auch "
        "werden wird wurde sind bei nach oder aus wie dass als zum zur über",
        "es": "el los las del y por con para una que es no se lo como más pero sus al ha este esta son entre "
        "también fue muy sobre",
        "it": "il lo gli della delle degli che di per con una non sono è anche come dei nel nella alla al ma "
        "più questo questa essere stato",
        "pt": "os das dos que não com para uma por como mais mas ao foi são também pela pelo seu sua está "
        "isso este esta entre",
        "nl": "het een van is dat op te voor niet met zijn aan er ook als bij door maar om worden wordt nog "
        "dit deze naar",
        "pl": "w na z się nie do to że jest jak po co ale od za przez dla tak są jego lub oraz może który "
        "która które",
    }.items()
}
SAMPLE_CHARS = 20_000  # enough to decide; the cost stays flat whatever the size of the document
MIN_HITS = 12  # function words found before any language is named
MIN_SHARE = 0.08  # of the sample's words: below, a list of names, figures or code, not running text
MIN_LEAD = 1.5  # the first language needs this many times the second's hits

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def detect(text: str) -> str | None:
    """ISO 639-1 code of the language `text` is written in, or None if it cannot tell."""
    tokens = [w.lower() for w in _WORD_RE.findall(text[:SAMPLE_CHARS])]
    if not tokens:
        return None
    counts = Counter(tokens)
    hits = {lang: sum(counts[w] for w in words) for lang, words in FUNCTION_WORDS.items()}
    ranked = sorted(hits.items(), key=lambda kv: kv[1], reverse=True)
    (first, top), (_, second) = ranked[0], ranked[1]
    if top < MIN_HITS or top < MIN_SHARE * len(tokens) or top < MIN_LEAD * second:
        return None
    return first
