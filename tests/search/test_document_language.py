"""A document's language (extraction/language.py): told from its text, in the index, said in the results and marked
for screen readers; of two items holding the same words, the one in French comes first."""

from __future__ import annotations

import csv
import re

import pytest

from extraction import extract_file
from extraction.base import ExtractionError
from extraction.language import detect
from search.indexing import rebuild
from testing import factories
from tests.helpers.environment import PROJECT_ROOT
from tests.helpers.sample_site import document_with_text

FAST_FORMATS = (".pdf", ".docx", ".pptx", ".odp", ".odt")


def test_the_corpus_documents_are_told_apart_by_language(corpus_dir):
    rows = list(csv.DictReader((corpus_dir / "MANIFEST.tsv").open(), delimiter="\t"))
    told = {}
    for row in rows:
        if not row["file"].endswith(FAST_FORMATS) or row["language"] in ("", "none"):
            continue
        try:
            text = extract_file(corpus_dir / row["file"]).text
        except ExtractionError:  # encrypted or corrupt: no text to tell
            continue
        told[row["file"]] = (row["language"], detect(text), len(text))
    # Never a wrong language; every text of a few pages named (short forms and one-slide decks may stay unknown).
    assert all(found in (expected, None) for expected, found, _ in told.values()), told
    long_texts = {f: v for f, v in told.items() if v[2] >= 5000}
    assert len(long_texts) >= 5 and {v[1] for v in long_texts.values()} >= {"en", "de"}
    assert all(found == expected for expected, found, _ in long_texts.values()), long_texts


def test_the_seed_report_is_french_and_lists_are_no_language():
    report = PROJECT_ROOT.parent / "shared" / "seed" / "000_9093bd30d362791f.txt"
    assert detect(report.read_text()) == "fr"
    assert detect("Toulouse 31000 ; Montpellier 34000 ; Albi 81000 ; Rodez 12000 " * 20) is None
    assert detect("Bonjour") is None  # too short to tell


# An English report about a French recyclerie holds the words of the French questions below, more often than the
# French page does (the French stemmer reads « aides » as « aid »): its text score is the higher.
ENGLISH = [
    "Public aid for a recyclerie: how the regional aid scheme supports the recyclerie and the workers it trains. "
    "The aid covers the rent of the recyclerie's premises, and further aid is paid for each worker. "
    "This report describes the aid, the recyclerie and the results of the scheme over three years."
]


def english_report_and_french_page(french_summary: str):
    """The English report, a French page with `french_summary`, and other items, so that the words searched are
    rare and text scores mean something; indexed."""
    index = factories.site_tree()
    english = document_with_text("Public aid for a recyclerie", ENGLISH)
    french_page = factories.meeting(
        index, "Rencontre du réseau en Occitanie", summary=french_summary
    )
    for n in range(8):
        factories.meeting(index, f"Atelier {n}", summary="Alimentation durable et circuits courts.")
    rebuild()
    return english, french_page


@pytest.fixture
def two_languages(db, search_backend, media_root):
    return english_report_and_french_page(
        "Compte rendu de la rencontre du réseau : les élus ont échangé sur les marchés publics, "
        "l'alimentation, la mobilité et, en fin de séance, sur les aides de la région à une recyclerie qui ouvre."
    )


@pytest.mark.parametrize("q", ["quelles aides pour une recyclerie ?", "aides recyclerie ?"])
def test_of_two_items_holding_the_words_the_french_one_comes_first(client, two_languages, q):
    english, french_page = two_languages
    results = client.get("/api/search/", {"q": q}).json()["results"]
    ids = [r["id"] for r in results]
    assert ids[:2] == [f"page:{french_page.pk}", f"document:{english.pk}"], results
    by_id = {r["id"]: r for r in results}
    assert by_id[f"document:{english.pk}"]["language"] == "en"
    assert by_id[f"document:{english.pk}"]["language_label"] == "en anglais"
    assert by_id[f"page:{french_page.pk}"]["language"] == "fr"
    assert by_id[f"page:{french_page.pk}"]["language_label"] is None


def test_the_results_page_says_the_language_and_marks_the_title(client, two_languages):
    english, _ = two_languages
    html = client.get("/recherche/", {"q": "aid recyclerie"}).content.decode()
    result = html[
        html.index("Public aid for a recyclerie") - 600 : html.index("Public aid for a recyclerie")
        + 40
    ]
    assert "· en anglais</p>" in result
    assert re.search(r'<a href="[^"]+" lang="en">Public aid for a recyclerie</a>', result), result


def test_the_document_page_data_names_its_language(client, two_languages):
    english, _ = two_languages
    assert english.language == "en"
    from core.structured_data import digital_document

    assert digital_document(english, None)["inLanguage"] == "en"


# An English notice holding only « aid » (the French stem of « aides »), the rarer of the question's two words here;
# French pages hold « recyclerie », which several items hold.
ENGLISH_AID = [
    "Notice of funding: the federal aid program for small businesses. Applicants for aid must file the form "
    "before the deadline; aid is paid in two instalments and the agency reviews each aid request within sixty days. "
    "The program is open to the owners of firms that have been in business for more than two years, and their "
    "requests are ranked by the agency with the criteria set out in this notice. It should be read with the "
    "rules of the program, which are published by the agency on the same day."
]


@pytest.fixture
def rarer_word_in_english(db, search_backend, media_root):
    index = factories.site_tree()
    english = document_with_text("Federal aid program notice", ENGLISH_AID)
    french = [
        factories.meeting(
            index,
            f"Visite de la recyclerie {name}",
            summary=f"La recyclerie {name} collecte, répare et revend des objets ; "
            "elle emploie des salariés en insertion.",
        )
        for name in ("du Lauragais", "de Figeac", "d'Albi")
    ]
    for n in range(6):
        factories.meeting(index, f"Atelier {n}", summary="Alimentation durable et circuits courts.")
    rebuild()
    return english, french


def test_a_foreign_document_holding_only_the_rarer_word_comes_after_french_items(
    client, rarer_word_in_english
):
    english, french = rarer_word_in_english
    assert english.language == "en"
    results = client.get("/api/search/", {"q": "quelles aides pour une recyclerie ?"}).json()[
        "results"
    ]
    ids = [r["id"] for r in results]
    assert f"document:{english.pk}" in ids, results  # still found: it holds one of the two words
    assert set(ids[:3]) == {f"page:{p.pk}" for p in french}, results
    assert ids[3] == f"document:{english.pk}", results


def test_the_document_page_names_its_language(client, two_languages):
    from resources.document_urls import document_page_url

    english, _ = two_languages

    html = client.get(document_page_url(english.pk, english.title)).content.decode()
    assert "<dt>Langue</dt><dd>anglais</dd>" in html
    short = document_with_text("Liste des communes", ["Albi, Rodez, Toulouse."])
    html = client.get(document_page_url(short.pk, short.title)).content.decode()
    assert "<dt>Langue</dt>" not in html  # too short to tell: nothing said


# A French page quoting the English words of a report (as a French manual quotes English commands and licences):
# it holds every word of the English question below, as the English report does.
QUOTING_PAGE = (
    "Compte rendu : la recyclerie a présenté les aides publiques reçues ; le dossier anglais de la région s'intitule "
    "« public aid for the recyclerie and the workers it trains »."
)


@pytest.fixture
def quoted_in_french(db, search_backend, media_root):
    return english_report_and_french_page(QUOTING_PAGE)


def test_a_question_typed_in_english_prefers_the_english_document(client, quoted_in_french):
    english, french_page = quoted_in_french
    ids = [
        r["id"]
        for r in client.get(
            "/api/search/", {"q": "public aid for the recyclerie and the workers it trains?"}
        ).json()["results"]
    ]
    assert ids[:2] == [f"document:{english.pk}", f"page:{french_page.pk}"]
    # the same words as French keywords: the French page first, as for every query without English function words
    ids = [
        r["id"] for r in client.get("/api/search/", {"q": "aides recyclerie ?"}).json()["results"]
    ]
    assert ids[:2] == [f"page:{french_page.pk}", f"document:{english.pk}"]
