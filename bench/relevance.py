"""Relevance benchmark: `.venv/bin/python -m bench.relevance` from the project root (a few minutes).

One corpus, loaded the same way everywhere: the demo content (`manage.py load_demo`: pages, actors, their
documents) plus every file of `../shared/corpus` (MANIFEST.tsv), text extracted by the project's own
extractors (extraction, OCR on), exactly as tests/search/test_relevance.py loads it. Then:

- **embedded**: the project's embedded backend (SQLite FTS5), queried through `/api/search/`;
- **opensearch**: the project's OpenSearch index (same documents, `search.index_entries` builders), queried
  through `/api/search/` (parsing, synonyms, automatic correction, graded query: what a visitor gets);
- **baseline**: a plain OpenSearch index built in the same run on the same extracted text: one `title` and
  one `content` field (summary, body and every page joined), built-in `french` analyzer, queried with a
  `multi_match` (best_fields, any word) on title^2 and content, as an off-the-shelf engine would be.

Queries (`QUERIES`, 84 keyword queries and 44 questions) are written as officers would type them, each with its
kind: typo, missing accent (`accent`), other form of a word (`form`), lowercase acronym (`acronym`), paraphrase
(words that are not the title's), phrase, and `question` (full sentences with question words and possessives).
Each names the titles that count as a right answer and, when the target is a
multi-page document, the page the first passage should come from. Every query word was checked against the
extracted text of its target (`check_queries()` prints any query whose target lacks one of its corrected
words). Prints recall@3, MRR@10 and page accuracy (share of found page-targeted documents whose first
passage is on the expected page) for the three, a per-kind breakdown and the misses.

OpenSearch comes from OPENSEARCH_URL (else the one in var/services.env); without it only the embedded
backend runs. Self-cleaning: a throw-away test database (everything inside one rolled-back transaction),
media in a temporary folder, index names `bench-relevance-<pid>-…` and an embedded file under var/bench/,
all deleted at the end; the development and test indexes are never touched.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
if not os.environ.get("OPENSEARCH_URL") and (PROJECT_ROOT / "var" / "services.env").exists():
    found = re.search(r"OPENSEARCH_URL=(\S+)", (PROJECT_ROOT / "var" / "services.env").read_text())
    if found:
        os.environ["OPENSEARCH_URL"] = found.group(1)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

CORPUS_DIR = Path(os.environ.get("MAILLAGE_CORPUS_DIR", PROJECT_ROOT.parent / "shared" / "corpus"))

# The demo's titles, as the relevance test names them.
from testing.demo_corpus import CENTIEME, CRESS, KIT, MEETING, PICOJOULE, RAFISTOLERIE  # noqa: E402

SICOVAL = {"Stratégie ESS du Sicoval"}
TOULOUSE = {
    "Stratégie Toulouse Métropole Impact 2021-2026",
    "Feuille de route 2021-2026 de Toulouse Métropole Impact",
}
LAUNCH = "Lancement du club des collectivités pour l'ESS en Occitanie"
TABLIERS = "Les Tabliers Solidaires"

FLE, FAVORIS, AVIS, SALAIRE = "Bug50936_2.doc", "Bug51890.doc", "bug1868759.pdf", "160F-2019.pdf"
TRACE, FEDREG, KIDS, ODF, GEO = (
    "tracemonkey.pdf",
    "federal-register-2020-17221.pdf",
    "pdkids.pdf",
    "2014_ODF_Plugfest_Collaborated_Editing_on_ODF.odp",
    "GeoTopo-komprimiert.pdf",
)


@dataclass(frozen=True)
class Query:
    text: str
    kind: str  # typo, accent, form, acronym, paraphrase, phrase
    targets: frozenset[str]  # titles that count as a right answer
    page: tuple[str, int] | None = None  # (document title, page of its first passage)


def q(text: str, kind: str, targets: str | set[str], page: tuple[str, int] | None = None) -> Query:
    return Query(text, kind, frozenset({targets} if isinstance(targets, str) else targets), page)


PICO_P3 = ("Diaporama sur Picojoule", 3)
QUERIES: list[Query] = [
    # --- typos (a letter missing, doubled, swapped or wrong) ---------------------------------------------
    q("rafistolrie", "typo", RAFISTOLERIE),
    q("ressourcerrie castanet", "typo", RAFISTOLERIE),
    q("methanisaton peniches", "typo", PICOJOULE, PICO_P3),
    q("verificateur d'avsi", "typo", AVIS),
    q("repertoire telephonque", "typo", FAVORIS),
    q("cotisatons sociales", "typo", SALAIRE),
    q("agroecologiqe", "typo", CENTIEME),
    q("visioconferance lancement", "typo", LAUNCH),
    q("tiers-lieu nouricier", "typo", CENTIEME | {MEETING}),
    q("internautiqes", "typo", FLE, (FLE, 2)),
    q("favoris netscpe", "typo", FAVORIS),
    q("fakespott mozilla", "typo", AVIS),
    q("knowlege compile inner loops", "typo", TRACE, (TRACE, 7)),
    q("garbage colector", "typo", TRACE, (TRACE, 8)),
    q("airworthyness directives", "typo", FEDREG),
    q("Homologiegrupe", "typo", GEO, (GEO, 45)),
    q("Edmund Dulak", "typo", KIDS, (KIDS, 1)),
    q("mutualité francaise occitanei", "typo", {"Mutualité Française Occitanie", MEETING}),
    # a typo next to a word the corpus does not have: the correction alone finds nothing
    q("rafistolrie recyclerie", "typo", RAFISTOLERIE),
    q("methanisaton biogaz", "typo", PICOJOULE),
    q("cotisaton employeur luxembourgeois", "typo", SALAIRE),
    q("internautiqes pedagogie", "typo", FLE, (FLE, 2)),
    # --- missing accents ---------------------------------------------------------------------------
    q("centieme singe", "accent", CENTIEME),
    q("eaux usees", "accent", PICOJOULE, PICO_P3),
    q("strategie ess sicoval", "accent", SICOVAL),
    q("reemploi objets", "accent", RAFISTOLERIE, ("Fiche DPV la Rafistolerie", 2)),
    q("proteger vie privee", "accent", AVIS),
    q("remunerations brutes", "accent", SALAIRE),
    q("journee de formation", "accent", FLE, (FLE, 1)),
    q("evaluation des cours internautiques", "accent", FLE, (FLE, 2)),
    q("chambre regionale economie sociale", "accent", CRESS),
    q("peniches canal", "accent", PICOJOULE, PICO_P3),
    q("periscope tiers lieu", "accent", {"Le Périscope", MEETING} | SICOVAL),
    q("deduction frais de deplacement", "accent", SALAIRE),
    # --- another form of a word (plural, verb/noun, feminine) ----------------------------------------
    q("ressourceries", "form", RAFISTOLERIE),
    q("recyclage 3R", "form", RAFISTOLERIE),
    q("expérimentations méthanisation", "form", PICOJOULE),
    q("péniche", "form", PICOJOULE, PICO_P3),
    q("collectivité adhérente", "form", {MEETING}),
    q("mobilisation des acteurs", "form", KIT | {MEETING}),
    q("innovateurs", "form", {MEETING}),
    q("sauvegarder les favoris", "form", FAVORIS),
    q("trier les favoris", "form", FAVORIS),
    q("évaluer les élèves", "form", FLE, (FLE, 2)),
    q("vérificateurs d'avis", "form", AVIS),
    q("traiteurs insertion", "form", {TABLIERS, MEETING}),
    q("visite apprenante", "form", CENTIEME | RAFISTOLERIE | {MEETING}),
    q("collaborative editing", "form", ODF),
    # --- acronyms typed in lowercase ---------------------------------------------------------------
    q("scic", "acronym", {MEETING}),
    q("ptce", "acronym", {MEETING}),
    q("aci traiteur", "acronym", {TABLIERS, MEETING}),
    q("cress occitanie", "acronym", {CRESS, MEETING}),
    q("rtes kit", "acronym", KIT),
    q("dpv rafistolerie", "acronym", RAFISTOLERIE),
    q("cours fle", "acronym", FLE),
    q("maif", "acronym", {"MAIF", MEETING}),
    q("urscop", "acronym", {"URSCOP", MEETING}),
    q("ess sicoval", "acronym", SICOVAL | {"Communauté d'Agglomération du Sicoval"}),
    # --- paraphrases (the officer's words, not the title's) ------------------------------------------
    q("bus pour les associations", "paraphrase", "Totocar"),
    q("traiteur qui emploie des femmes", "paraphrase", TABLIERS),
    q("méthanisation sur le canal", "paraphrase", PICOJOULE, PICO_P3),
    q("objets de réemploi valorisés", "paraphrase", RAFISTOLERIE, ("Fiche DPV la Rafistolerie", 2)),
    q("enregistrer les adresses internet", "paraphrase", FAVORIS),
    q("faux avis clients amazon", "paraphrase", AVIS),
    q("certificat salaire luxembourg", "paraphrase", SALAIRE),
    q("internet en classe de langue", "paraphrase", FLE),
    q("réseau d'acteurs sur mon territoire", "paraphrase", KIT | {MEETING}),
    q("petites unités de méthanisation association", "paraphrase", PICOJOULE),
    q("home loan rates", "paraphrase", "pr-138-example.pdf"),
    q("public domain stories for children", "paraphrase", KIDS),
    q("javascript trace compiler", "paraphrase", TRACE),
    q("boeing airplanes unsafe", "paraphrase", FEDREG),
    q("disability inclusion plan australia", "paraphrase", "testException1.doc"),
    q("crédit d'impôt salariés", "paraphrase", SALAIRE),
    q("lecture de la presse française", "paraphrase", FLE, (FLE, 2)),
    # --- phrases -------------------------------------------------------------------------------------
    q("economie sociale et solidaire", "phrase", {MEETING}),
    q("société coopérative d'intérêt collectif", "phrase", {MEETING}),
    q("pôle territorial de coopération économique", "phrase", {MEETING}),
    q("feuille de route toulouse", "phrase", TOULOUSE),
    q("canal du midi", "phrase", PICOJOULE, PICO_P3),
    q("moteur de recherche intégré", "phrase", FLE, (FLE, 2)),
    q("barre d'outils", "phrase", FAVORIS),
    q("operational transformation", "phrase", ODF, (ODF, 49)),
    q("trace-based just-in-time", "phrase", TRACE, (TRACE, 1)),
]

# --- questions, as officers type them (full sentences, possessives, paraphrases) ---------------------------------
# Written on 5 December 2026 from the demo's and the corpus's subjects, before any ranking change for them: their
# question words, possessives and function words must not decide what is found, and a paraphrased word may be
# missing from the target (the ranked partial match then lists what holds most of the rest).
CD31 = "Conseil Départemental de la Haute-Garonne"
QUESTIONS: list[Query] = [
    q("comment identifier les acteurs de l'ESS sur mon territoire", "question", KIT),
    q("strategie economie solidaire sicoval", "question", SICOVAL),
    q(
        "quelle est la stratégie de l'économie sociale et solidaire du Sicoval ?",
        "question",
        SICOVAL,
    ),
    q(
        "comment mobiliser les acteurs de l'économie sociale sur notre territoire ?",
        "question",
        KIT | {MEETING},
    ),
    q(
        "où trouver une ressourcerie qui fait de l'insertion près de Castanet ?",
        "question",
        RAFISTOLERIE,
    ),
    q("quels tiers-lieux travaillent sur l'alimentation et l'agroécologie ?", "question", CENTIEME),
    q(
        "comment animer un réseau d'acteurs de l'ESS dans ma collectivité ?",
        "question",
        {MEETING} | TOULOUSE | KIT,
    ),
    q("quelle est la feuille de route de Toulouse Métropole pour l'ESS ?", "question", TOULOUSE),
    q("qui propose un bus partagé pour les associations ?", "question", "Totocar"),
    q("quel traiteur emploie des femmes éloignées de l'emploi ?", "question", TABLIERS),
    q("comment traiter les eaux usées des péniches sur le canal ?", "question", PICOJOULE),
    q(
        "où se trouve le fablab hébergé par le conseil départemental ?",
        "question",
        {"FabLab Le F@bRiquet", "Diaporama sur le Fabriquet", "Ateliers 31"},
    ),
    q(
        "quand a eu lieu la rencontre du club des collectivités en Occitanie ?",
        "question",
        {MEETING, LAUNCH},
    ),
    q(
        "qui organise le club des collectivités pour l'ESS en Occitanie ?",
        "question",
        {MEETING, LAUNCH},
    ),
    q(
        "comment le RTES aide-t-il les collectivités ?",
        "question",
        KIT | {"Réseau des collectivités Territoriales pour une Economie Solidaire"},
    ),
    q(
        "quel est le rôle de la chambre régionale de l'ESS en Occitanie ?",
        "question",
        {CRESS, MEETING},
    ),
    q(
        "quel tiers-lieu géré par le Sicoval héberge des acteurs de l'ESS ?",
        "question",
        {"Le Périscope", MEETING} | SICOVAL,
    ),
    q(
        "comment créer un pôle territorial de coopération économique sur mon territoire ?",
        "question",
        {MEETING},
    ),
    q("qu'est-ce qu'une société coopérative d'intérêt collectif ?", "question", {MEETING}),
    q(
        "quelles visites apprenantes ont été organisées pendant la rencontre ?",
        "question",
        {MEETING, "Visite urbaine aux Ateliers 31", "Visite péri-urbaine à La Rafistolerie"}
        | CENTIEME
        | RAFISTOLERIE,
    ),
    q(
        "comment construire une base de données des acteurs de mon territoire ?",
        "question",
        KIT | {MEETING},
    ),
    q(
        "pourquoi créer un réseau d'acteurs de l'ESS sur son territoire ?",
        "question",
        KIT | {MEETING},
    ),
    q("quand le club a-t-il été lancé en visioconférence ?", "question", LAUNCH),
    q(
        "où peut-on donner des objets pour qu'ils soient réemployés et revendus ?",
        "question",
        RAFISTOLERIE,
    ),
    q(
        "quelle association expérimente la méthanisation sur le canal du Midi ?",
        "question",
        PICOJOULE,
    ),
    q(
        "qui soutient les projets d'innovation sociale en Haute-Garonne ?",
        "question",
        {CD31, MEETING},
    ),
    q("quelles recycleries y a-t-il près de Toulouse ?", "question", RAFISTOLERIE),
    q(
        "ma commune veut soutenir une coopérative : quelles sont les formes de SCIC ou de SCOP ?",
        "question",
        {MEETING, "URSCOP"},
    ),
    q("qui représente les SCOP dans la région ?", "question", {"URSCOP", MEETING}),
    q(
        "quels acteurs de l'insertion par l'activité économique ont été présentés ?",
        "question",
        {TABLIERS, MEETING} | RAFISTOLERIE,
    ),
    q("comment enregistrer un site dans mes favoris avec le navigateur ?", "question", FAVORIS),
    q("comment ranger mes favoris dans des dossiers ?", "question", FAVORIS),
    q("comment utiliser internet en cours de français langue étrangère ?", "question", FLE),
    q("comment évaluer mes élèves avec des outils sur internet ?", "question", FLE),
    q("comment repérer les faux avis sur les sites marchands ?", "question", AVIS),
    q("quelle extension du navigateur vérifie les avis des clients ?", "question", AVIS),
    q("comment remplir le certificat de salaire au Luxembourg ?", "question", SALAIRE),
    q("quelles cotisations sociales sont retenues sur mon salaire ?", "question", SALAIRE),
    q("how does a tracing JIT compiler make JavaScript loops faster?", "question", TRACE),
    q("which Boeing airplanes are affected by the airworthiness directive?", "question", FEDREG),
    q("what public domain stories can I read to my children?", "question", KIDS),
    q("how can several people edit the same ODF document at the same time?", "question", ODF),
    q("what is the plan for disability inclusion in Australia?", "question", "testException1.doc"),
    q(
        "quels sont les enjeux de mon territoire auxquels l'ESS peut répondre ?",
        "question",
        {MEETING} | KIT,
    ),
]
QUERIES += QUESTIONS


# --- more real French documents, from Debian documentation packages -------------------------------------------
# `apt-get install -y debian-edu-doc-fr developers-reference-fr debian-reference-fr` (Debian 12): long French
# manuals (103, 114 and 265 pages) that put the corpus's few French documents among many more pages. Their
# queries run only when the files are there (the report says so otherwise).
EDU = Path("/usr/share/doc/debian-edu-doc-fr/debian-edu-bookworm-manual.pdf")  # debian-edu-doc-fr
DEVREF = Path(
    "/usr/share/developers-reference/fr/developers-reference.pdf"
)  # developers-reference-fr
DEBREF = Path("/usr/share/debian-reference/debian-reference.fr.pdf")  # debian-reference-fr
EXTRA_DOCUMENTS = [EDU, DEVREF, DEBREF]
EXTRA_QUERIES: list[Query] = [
    q("machines surveilées par munin", "typo", EDU.name, (EDU.name, 74)),
    q("structure de departement hierachique", "typo", EDU.name, (EDU.name, 61)),
    q("repertoire centralise des utilisateurs", "accent", EDU.name, (EDU.name, 10)),
    q("cables reseau debranches", "accent", EDU.name, (EDU.name, 15)),
    q("profils présélectionné serveur LTSP", "form", EDU.name, (EDU.name, 23)),
    q("réassigner le bogue à l'autre paquet", "form", DEVREF.name, (DEVREF.name, 45)),
    q("miroirs primaires mise a jour", "accent", DEVREF.name, (DEVREF.name, 33)),
    q("nmu consécutifs", "acronym", DEVREF.name, (DEVREF.name, 62)),
    q("archive source inchangée", "phrase", DEVREF.name, (DEVREF.name, 90)),
    q("se desabonner des listes de diffussion", "typo", DEVREF.name, (DEVREF.name, 23)),
    q("paquet réintroduit équipe de sécurité", "form", DEVREF.name, (DEVREF.name, 53)),
    q("tolerence en temperature du papier", "typo", DEBREF.name, (DEBREF.name, 213)),
    q(
        "recuperer des donnees sur des disques endommages",
        "accent",
        DEBREF.name,
        (DEBREF.name, 197),
    ),
    q("réassemblage des morceaux du fichier d'origine", "form", DEBREF.name, (DEBREF.name, 196)),
    q("arbre généalogique des répertoires", "paraphrase", DEBREF.name, (DEBREF.name, 35)),
    q("reinstalation propre après une casse", "typo", DEBREF.name, (DEBREF.name, 95)),
    q("scripts de maintenance planifiée", "phrase", DEBREF.name, (DEBREF.name, 179)),
    q("processus d'amorcage mise sous tension", "accent", DEBREF.name, (DEBREF.name, 105)),
]
if all(path.exists() for path in EXTRA_DOCUMENTS):
    QUERIES += EXTRA_QUERIES


def use_backend(name: str, prefix: str, embedded_path: Path) -> None:
    settings.MAILLAGE_SEARCH = {
        **settings.MAILLAGE_SEARCH,
        "BACKEND": name,
        "INDEX_PREFIX": prefix,
        "OPENSEARCH_URL": os.environ.get("OPENSEARCH_URL", ""),
        "EMBEDDED_PATH": embedded_path,
        "TIMEOUT": 60,
    }


def load_corpus() -> list[dict]:
    """Demo content + corpus files in the database, their text extracted; returns the public index documents."""
    from search.build_cache import rebuild_cache
    from search.index_entries import iter_public_docs
    from search.synonyms import seed_from_file
    from testing.demo_corpus import load_content

    seed_from_file()
    load_content(CORPUS_DIR)  # also rebuilds the configured backend's index
    if all(path.exists() for path in EXTRA_DOCUMENTS):
        from search.indexing import rebuild
        from testing import factories
        from testing.demo_corpus import store_text

        for path in EXTRA_DOCUMENTS:
            store_text(factories.document(path, title=path.name), path)
        rebuild()
    else:
        print(
            f"Debian's French manuals are not installed: {len(EXTRA_QUERIES)} queries left out "
            "(apt-get install -y debian-edu-doc-fr developers-reference-fr debian-reference-fr)"
        )
    with rebuild_cache():
        return list(iter_public_docs())


def _texts(doc: dict) -> list[tuple[int | None, str]]:
    return [
        (None, doc.get("title") or ""),
        (None, doc.get("summary") or ""),
        (None, doc.get("body") or ""),
    ] + [(p["number"], p["text"]) for p in doc.get("parts") or []]


def check_queries(docs: list[dict]) -> list[str]:
    """Queries whose targets do not all exist, or whose page lacks a (stemmed) word of the query once the
    typo kind is set aside: the query set must be answerable from the extracted text."""
    from search.analysis import analyze

    by_title: dict[str, list[dict]] = {}
    for doc in docs:
        by_title.setdefault(doc["title"], []).append(doc)
    problems = []
    for query in QUERIES:
        missing = [t for t in query.targets if t not in by_title]
        if missing:
            problems.append(f"{query.text!r}: no resource titled {missing}")
        if query.page:
            title, number = query.page
            pages = [t for d in by_title.get(title, []) for n, t in _texts(d) if n == number]
            if not pages:
                problems.append(f"{query.text!r}: {title} has no page {number}")
            elif query.kind != "typo":
                terms = set(analyze(pages[0]))
                absent = [w for w in analyze(query.text) if w not in terms]
                if absent:
                    problems.append(f"{query.text!r}: page {number} of {title} lacks {absent}")
    return problems


# --- the plain baseline -------------------------------------------------------------------------------
def baseline_index(client, name: str, docs: list[dict]) -> None:
    from opensearchpy import helpers

    client.indices.create(
        index=name,
        body={
            "settings": {"number_of_shards": 1, "number_of_replicas": 0},
            "mappings": {
                "properties": {
                    "title": {"type": "text", "analyzer": "french"},
                    "content": {"type": "text", "analyzer": "french"},
                }
            },
        },
    )
    helpers.bulk(
        client,
        (
            {
                "_index": name,
                "_id": d["id"],
                "_source": {"title": d["title"], "content": "\n".join(t for n, t in _texts(d)[1:])},
            }
            for d in docs
        ),
        refresh=True,
    )


def baseline_titles(
    client, name: str, text: str, titles: dict[str, str]
) -> tuple[list[str], list[int | None], str]:
    raw = client.search(
        index=name,
        body={
            "size": 10,
            "_source": False,
            "query": {"multi_match": {"query": text, "fields": ["title^2", "content"]}},
        },
    )
    return [titles[h["_id"]] for h in raw["hits"]["hits"]], [], ""


def api_titles(client: Client, text: str) -> tuple[list[str], list[int | None], str]:
    """Titles and first-passage pages of /api/search/, and what it did to the query (correction, notice)."""
    response = client.get("/api/search/", {"q": text})
    assert response.status_code == 200, response.content[:300]
    results = response.json()["results"]
    pages = [(r["highlights"][0]["page"] if r["highlights"] else None) for r in results]
    data = response.json()
    note = " ".join(
        filter(
            None,
            [
                f"corrected to {data['query']!r}" if data.get("corrected_from") else "",
                data.get("message") or "",
            ],
        )
    )
    return [r["title"] for r in results], pages, note


# --- measuring ----------------------------------------------------------------------------------------
@dataclass
class Outcome:
    query: Query
    rank: int | None
    top: list[str]
    page_ok: bool | None  # None: no page target, or target document not found
    page: int | None = None  # page of the target document's first passage
    note: str = ""


def evaluate(search) -> list[Outcome]:
    out = []
    for query in QUERIES:
        titles, pages, note = search(query.text)
        titles = titles[:10]
        rank = next((i for i, t in enumerate(titles, start=1) if t in query.targets), None)
        page_ok, page = None, None
        if query.page and pages:
            position = next((i for i, t in enumerate(titles) if t == query.page[0]), None)
            if position is not None:
                page = pages[position]
                page_ok = page == query.page[1]
        out.append(Outcome(query, rank, titles[:3], page_ok, page, note))
    return out


def scores(outcomes: list[Outcome]) -> tuple[float, float, str]:
    n = len(outcomes) or 1
    recall = sum(1 for o in outcomes if o.rank and o.rank <= 3) / n
    mrr = sum(1 / o.rank for o in outcomes if o.rank) / n
    judged = [o.page_ok for o in outcomes if o.page_ok is not None]
    pages = f"{sum(judged) / len(judged):.2f} ({sum(judged)}/{len(judged)})" if judged else "—"
    return recall, mrr, pages


def report(results: dict[str, list[Outcome]]) -> None:
    names = list(results)
    print(f"\n=== Relevance: {len(QUERIES)} queries, {', '.join(names)} ===")
    print(f"{'':<12}" + "".join(f"{n:>22}" for n in names))
    rows = [scores(results[n]) for n in names]
    print(f"{'recall@3':<12}" + "".join(f"{r[0]:>22.3f}" for r in rows))
    print(f"{'MRR@10':<12}" + "".join(f"{r[1]:>22.3f}" for r in rows))
    print(f"{'page acc.':<12}" + "".join(f"{r[2]:>22}" for r in rows))
    print("\nkeyword queries and questions (recall@3 / MRR)")
    for label, keep in (
        ("keywords", lambda o: o.query.kind != "question"),
        ("questions", lambda o: o.query.kind == "question"),
    ):
        cells = []
        for n in names:
            r, m, _ = scores([o for o in results[n] if keep(o)])
            cells.append(f"{r:.3f} / {m:.3f}")
        print(f"  {label:<15}" + "".join(f"{c:>22}" for c in cells))
    kinds = list(dict.fromkeys(query.kind for query in QUERIES))
    print("\nrecall@3 / MRR per kind")
    for kind in kinds:
        cells = []
        for n in names:
            subset = [o for o in results[n] if o.query.kind == kind]
            r, m, _ = scores(subset)
            cells.append(f"{r:.2f} / {m:.2f}")
        print(f"  {kind:<10} ({len(subset):>2})" + "".join(f"{c:>22}" for c in cells))
    for n in names:
        misses = [o for o in results[n] if not o.rank or o.rank > 3 or o.page_ok is False]
        print(f"\nmisses of {n} ({len(misses)}):")
        for o in misses:
            why = (
                f"rank {o.rank}"
                if not o.rank or o.rank > 3
                else f"page {o.page}, not {o.query.page[1]}"
            )
            print(
                f"  [{o.query.kind}] {o.query.text!r}: {why}; top 3 = {o.top}"
                + (f" ({o.note})" if o.note else "")
            )


def show_top(client, backend: str) -> None:
    """The top 3 of questions given on the command line (`python -m bench.relevance "question" …`), to look at."""
    for text in sys.argv[1:]:
        titles = api_titles(client, text)
        print(
            f"  {backend}: {text!r} → {(titles[0] if isinstance(titles, tuple) else titles)[:3]}",
            flush=True,
        )


def main() -> None:
    logging.getLogger("opensearch").setLevel(logging.ERROR)  # alias look-ups answer 404 by design
    started = time.perf_counter()
    prefix = f"bench-relevance-{os.getpid()}"
    embedded_path = PROJECT_ROOT / "var" / "bench" / f"{prefix}.sqlite3"
    embedded_path.parent.mkdir(parents=True, exist_ok=True)
    media = Path(tempfile.mkdtemp(prefix="maillage-relevance-"))
    settings.MEDIA_ROOT = media
    url = os.environ.get("OPENSEARCH_URL", "")
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    results: dict[str, list[Outcome]] = {}
    os_client = None
    try:
        with (
            transaction.atomic()
        ):  # nothing committed: no task is ever sent, the data goes with the rollback
            use_backend("embedded", prefix, embedded_path)
            docs = load_corpus()
            print(
                f"{len(docs)} public items ({sum(len(d.get('parts') or []) for d in docs)} document pages) "
                f"loaded and indexed in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
            for problem in check_queries(docs):
                print(f"  query set: {problem}")
            client = Client()
            results["embedded"] = evaluate(lambda text: api_titles(client, text))
            show_top(client, "embedded")
            if url:
                from opensearchpy import OpenSearch

                from search.indexing import rebuild
                from search.labels import clear

                use_backend("opensearch", prefix, embedded_path)
                clear()
                rebuild()
                results["opensearch"] = evaluate(lambda text: api_titles(client, text))
                show_top(client, "opensearch")
                os_client = OpenSearch(hosts=[url.split(",")[0]], timeout=60)
                baseline = f"{prefix}-baseline"
                baseline_index(os_client, baseline, docs)
                titles = {d["id"]: d["title"] for d in docs}
                results["baseline"] = evaluate(
                    lambda text: baseline_titles(os_client, baseline, text, titles)
                )
            else:
                print("OPENSEARCH_URL not set: embedded backend only (no OpenSearch, no baseline)")
            transaction.set_rollback(True)
    finally:
        if os_client is not None:
            os_client.indices.delete(
                index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True
            )
        embedded_path.unlink(missing_ok=True)
        embedded_path.with_name(embedded_path.name + ".rebuild.lock").unlink(missing_ok=True)
        shutil.rmtree(media, ignore_errors=True)
        teardown_databases(old_config, verbosity=0)
    report(results)
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
