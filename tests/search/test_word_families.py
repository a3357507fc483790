"""Word families kept together by the analysis (both backends): a verb, its participles and the noun in -age
share one stem; a few look-alikes stay apart. In the full stack, OpenSearch's analyzer gives the same terms."""

from __future__ import annotations

import pytest

from search.analysis import analyze
from search.indexing import rebuild
from tests import factories

FAMILIES = [
    ["balayer", "balayés", "balayage", "balayeuse", "balaie"],
    ["nettoyer", "nettoyé", "nettoyage", "nettoie"],
    ["essuyer", "essuyage"],
    ["employer", "employé", "emploi", "emplois"],
    ["recycler", "recyclé", "recyclée", "recyclées", "recyclage", "recyclages"],
    ["collecter", "collecté", "collectées", "collectait"],
    ["composter", "compostage", "compost"],
    ["jardiner", "jardinage"],
    ["témoigner", "témoignage"],
    ["français", "française", "Françaises", "FRANÇAIS"],
    ["niçois", "niçoise", "niçoises"],
    ["bourgeois", "bourgeoise", "bourgeoises"],
    ["anglais", "anglaise"],
]
APART = [("ville", "village"), ("part", "partage"), ("voie", "voyage"), ("mari", "mariage"),
         ("chinoise", "apprivoisé")]
# Words another Snowball release stems otherwise than OpenSearch's (snowballstemmer 3.1.1: the -aise adjectives).
SNOWBALL_RELEASE = ["camerounaise", "biaisée", "bordelaise", "bijoux", "cailloux", "balais", "calais"]
WORDS = sorted({w for family in FAMILIES for w in family} | {w for pair in APART for w in pair} | set(SNOWBALL_RELEASE))


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f[0])
def test_a_family_shares_one_stem(family):
    assert len({tuple(analyze(word)) for word in family}) == 1, {w: analyze(w) for w in family}


@pytest.mark.parametrize("a, b", APART)
def test_look_alikes_stay_apart(a, b):
    assert analyze(a) != analyze(b)


@pytest.mark.fullstack  # the embedded backend is the Python analysis itself
def test_both_backends_analyse_alike(search_backend):
    response = search_backend.client.indices.analyze(
        index=search_backend.alias, body={"analyzer": "fr", "text": " ".join(WORDS)})
    assert [t["token"] for t in response["tokens"]] == [t for w in WORDS for t in analyze(w)]


def test_balayer_finds_balayes_and_balayage(client, db, search_backend, media_root):
    index = factories.site_tree()
    factories.meeting(index, "Chantier d'insertion", summary="Les trottoirs sont balayés chaque matin.")
    factories.meeting(index, "Matériel partagé", summary="Une balayeuse pour le balayage des pistes cyclables.")
    factories.meeting(index, "Sans rapport", summary="Les débris du marché.")
    rebuild()
    data = client.get("/api/search/", {"q": "balayer"}).json()
    assert {r["title"] for r in data["results"]} == {"Chantier d'insertion", "Matériel partagé"}


def test_francaise_finds_francais(client, db, search_backend, media_root):
    index = factories.site_tree()
    factories.meeting(index, "Modèle coopératif", summary="Le mouvement coopératif français et ses SCIC.")
    factories.meeting(index, "Réseau national", summary="Une fédération française des ressourceries.")
    factories.meeting(index, "Sans rapport", summary="Une ardoise et un carnet.")
    rebuild()
    data = client.get("/api/search/", {"q": "françaises"}).json()
    assert {r["title"] for r in data["results"]} == {"Modèle coopératif", "Réseau national"}


GLUED = "dense.Readability counts, implicit.Simple www.rtes.fr 2.2.1 foo_bar 1,5 km"


@pytest.mark.fullstack
def test_words_glued_by_punctuation_are_also_indexed_as_their_parts(search_backend):
    response = search_backend.client.indices.analyze(index=search_backend.alias, body={"analyzer": "fr", "text": GLUED})
    tokens = [t["token"] for t in response["tokens"]]
    originals = [t for t in tokens if any(c in t for c in ".,_")]
    assert originals == ["dense.readability", "implicit.simpl", "www.rtes.fr", "2.2.1", "foo_bar", "1,5"]
    assert [t for t in tokens if t not in originals] == analyze(GLUED)


def test_glued_words_found_by_either_part_in_both_backends(client, db, search_backend, media_root):
    index = factories.site_tree()
    factories.meeting(index, "Zen", summary="Sparse is better than dense.Readability counts.")
    rebuild()
    for q in ("Readability counts", "readability", "dense", "dense.Readability"):
        data = client.get("/api/search/", {"q": q}).json()
        assert [r["title"] for r in data["results"]] == ["Zen"], q
