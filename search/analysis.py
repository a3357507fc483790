"""French text analysis shared by both backends and the query parser.

The embedded backend runs `analyze()` in Python; OpenSearch runs the equivalent chain declared in
`search.backends.os_mapping` (elision, lowercase, ASCII folding, stop words, the same plural pre-steps,
Snowball French). Both produce the same terms for French words, so both backends find the same things.

A library: it imports no model. The synonym list (acronyms ↔ expansions) is managed in the admin and indexed by
its analysed terms in search.synonyms; it is applied to the query in Python (`search.query.expand`), for both
backends, so an edited list takes effect at once, without re-indexing.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

import snowballstemmer

from core.accents import LETTER_FOLDS

# Articles and pronouns that French elides before a vowel: "l'économie" → "économie".
ELISIONS = ("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu")
STOP_WORDS = frozenset(
    """au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me meme mes moi
    mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos
    votre vous c d j l a m n s t y ete etee etees etes etant est sont etre""".split()
)
# Words that never decide whether an item matches a query (search.query.expand drops them outside quotes; the
# index keeps them, so a quoted phrase still counts them): the index's stop words, the rest of the Snowball
# French stop list (snowballstem.org/algorithms/french/stop.txt, the list of Lucene's FrenchAnalyzer: forms of
# « être » and « avoir », ceci, cela, cette, ici, leurs, quel…, sans, soi), folded, plus the interrogatives and
# the verbs that frame a question (« comment », « combien », « pourquoi », « quand », « quoi », « lequel »,
# « peut-on », « faut-il », « dois-je », « y a-t-il »), and the other closed classes of French grammar that the list
# leaves out: prepositions (près, chez, vers, entre, selon…), conjunctions, indefinite determiners and pronouns
# (chaque, tout, autre, plusieurs…) and a few adverbs of degree or time (très, plus, déjà…).
QUESTION_WORDS = STOP_WORDS | frozenset(
    """suis es sommes serai seras sera serons serez seront serais serait serions seriez seraient etais etait etions
    etiez etaient fus fut fumes futes furent sois soit soyons soyez soient fusse fusses fussions fussiez fussent
    ayant eu eue eues eus ai as avons avez ont aurai auras aura aurons aurez auront aurais aurait aurions auriez
    auraient avais avait avions aviez avaient eut eumes eutes eurent aie aies ait ayons ayez aient eusse eusses
    eussions eussiez eussent ceci cela cet cette ici les leurs quel quels quelle quelles sans soi
    comment combien pourquoi quand quoi lequel laquelle lesquels lesquelles duquel desquels desquelles auquel
    auxquels auxquelles dont peut peuvent peux puis pouvons pouvez faut dois doit doivent devons devez
    pres chez vers entre sous selon parmi depuis pendant durant avant apres afin lors ainsi aussi tres trop plus
    moins tout tous toute toutes chaque quelque quelques autre autres plusieurs certains certaines aucun aucune
    tel telle tels telles celui celle ceux celles ca comme alors donc car si ni lorsque puisque quoique deja encore
    toujours jamais voici voila non oui""".split()
)
# Words that make a query a question (typed outside quotes, or a final "?"): search.query.expand then ranks
# partial matches from two meaningful words on, where a keyword query needs all of its first three.
INTERROGATIVES = frozenset(
    """comment combien pourquoi quand quoi quel quels quelle quelles lequel laquelle lesquels
    lesquelles qui où est-ce""".split()
)
# A query typed in English (search.query.typed_language): its grammar words are set aside as QUESTION_WORDS are in a
# French one (the most frequent entries of Snowball's English stop list, snowballstem.org/algorithms/english/stop.txt,
# with the auxiliaries and interrogatives that frame a question), and its interrogatives make it a question.
ENGLISH_INTERROGATIVES = frozenset("what which who whom whose when where why how".split())
ENGLISH_QUESTION_WORDS = ENGLISH_INTERROGATIVES | frozenset(
    """a an the and or but if of to in on at by for with about from into as is are was were be been being am do
    does did have has had can could will would shall should may might must i me my we our you your he him his she
    her it its they them their this that these those there here not no so than too very also just any some""".split()
)
# Typographic apostrophes (OCR and word processors write ’) count as the plain one. One character for
# one character, so spans computed on the normalised text are valid on the original.
APOSTROPHES = "’‘ʼ′`´"
_APOSTROPHE_TABLE = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))
_WORD_RE = re.compile(r"\w+(?:'\w+)*", re.UNICODE)
_ELISION_RE = re.compile(r"^(?:" + "|".join(ELISIONS) + r")'")
# The same rules as the OpenSearch pattern_replace filters (see os_mapping.analysis_settings).
PLURAL_X = r"^(.+[eo]u|.*eau)x$"
PLURAL_S = r"^(.{3,}[^s])s$"
SHORT_OR_NUMBER = r"^(?:.{1,3}|\d+)$"
# After Snowball, so that a word family keeps one stem (both backends apply them, see os_mapping.py):
# derived nouns in -age lose it when a verb stem of 5+ letters remains ("recyclag" → "recycl", "compostag" →
# "compost"; "villag", "partag" keep it), and a final y after a vowel becomes i as Snowball writes the
# infinitive ("balay" of "balayés" → "balai" like "balayer", "nettoy" → "nettoi", "employ" → "emploi").
DERIVED_AGE = r"^(.{5,})ag$"
# Before Snowball: folding turns the participle ending -ée into -ee, which Snowball would only cut to -e
# ("recyclee" → "recycle", not "recycl" like "recycle" ← "recyclé"): one e goes first.
FOLDED_EE = r"^(.{2,}e)e$"
# Before folding (an accent still tells "apprivoisé" from "chinoise"): the feminine -aise(s)/-oise(s) loses -se(s)
# as its masculine loses its s as a plural ("francais" → "francai"), so Snowball stems both alike: "française"
# finds "français", "niçoises" "niçois". Known cost: the present "apprivoise" leaves the family of "apprivoiser".
FEMININE_AIS = r"^(.{3,}[ao]i)ses?$"
VOWEL_Y = r"([aeiou])y$"
_PLURAL_X_RE = re.compile(PLURAL_X)
_PLURAL_S_RE = re.compile(PLURAL_S)
_KEEP_RE = re.compile(SHORT_OR_NUMBER)
_DERIVED_AGE_RE = re.compile(DERIVED_AGE)
_FOLDED_EE_RE = re.compile(FOLDED_EE)
_FEMININE_AIS_RE = re.compile(FEMININE_AIS)
_VOWEL_Y_RE = re.compile(VOWEL_Y)


def normalise_apostrophes(text: str) -> str:
    return text.translate(_APOSTROPHE_TABLE)


# Every combining mark (accents once decomposed) removed, typographic apostrophes made plain, in one translate.
_FOLD_TABLE = {
    **{cp: None for cp in range(sys.maxunicode + 1) if unicodedata.combining(chr(cp))},
    **_APOSTROPHE_TABLE,
}


def fold(text: str) -> str:
    """Lowercase and strip accents: "Économie" → "economie"; typographic apostrophes become '."""
    return unicodedata.normalize("NFKD", text.lower().translate(LETTER_FOLDS)).translate(
        _FOLD_TABLE
    )


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("french")


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """Light stemming of one folded word: "ressourceries" and "ressourcerie" → "ressourcer".

    Plural endings go first (Snowball does not always stem a plural like its singular: "potagers" →
    "potager" but "potager" → "potag"), then short words and numbers are kept as they are.
    """
    word = (
        _PLURAL_X_RE.sub(r"\1", word, count=1)
        if word.endswith("x")
        else _PLURAL_S_RE.sub(r"\1", word, count=1)
    )
    word = _FOLDED_EE_RE.sub(r"\1", word, count=1)
    if not _KEEP_RE.match(word):
        word = _stemmer().stemWord(word)
    return _VOWEL_Y_RE.sub(r"\1i", _DERIVED_AGE_RE.sub(r"\1", word, count=1), count=1)


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """`fold` of one word, remembered (a text's words repeat)."""
    return fold(word)


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The index term of one word as written: "Françaises" → "franc"."""
    return stem(fold(_FEMININE_AIS_RE.sub(r"\1", word.lower(), count=1)))


_INNER_WORD_RE = re.compile(r"[^'_]+")


def words(text: str) -> list[tuple[str, int, int]]:
    """Words of `text` with their character spans, elided article removed from the span."""
    out = []
    for m in _WORD_RE.finditer(normalise_apostrophes(text)):
        token, start = m.group(0), m.start()
        elided = "'" in token and _ELISION_RE.match(token.lower())
        if elided:
            start += elided.end()
            token = token[elided.end() :]
        if "'" not in token and "_" not in token:
            out.append((token, start, start + len(token)))
            continue
        for sub in _INNER_WORD_RE.finditer(token):
            out.append((sub.group(0), start + sub.start(), start + sub.end()))
    return out


def analyze(text: str, keep_stop_words: bool = False) -> list[str]:
    """Text → index terms: elision, folding, stop words, light stemming."""
    terms = []
    for word, _, _ in words(text):
        if not keep_stop_words and fold_word(word) in STOP_WORDS:
            continue
        terms.append(term(word))
    return terms
