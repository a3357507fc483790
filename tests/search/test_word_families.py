"""Word families kept together by the analysis (both backends): a verb, its participles and the noun in -age
share one stem; a few look-alikes stay apart. In the full stack, OpenSearch's analyzer gives the same terms."""

from __future__ import annotations

import pytest

from search.analysis import analyze
from search.indexing import rebuild
from testing import factories

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
APART = [
    ("ville", "village"),
    ("part", "partage"),
    ("voie", "voyage"),
    ("mari", "mariage"),
    ("chinoise", "apprivoisé"),
]
# Words another Snowball release stems otherwise than OpenSearch's (snowballstemmer 3.1.1: the -aise adjectives).
SNOWBALL_RELEASE = [
    "camerounaise",
    "biaisée",
    "bordelaise",
    "bijoux",
    "cailloux",
    "balais",
    "calais",
]
WORDS = sorted(
    {w for family in FAMILIES for w in family}
    | {w for pair in APART for w in pair}
    | set(SNOWBALL_RELEASE)
)


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f[0])
def test_a_family_shares_one_stem(family):
    assert len({tuple(analyze(word)) for word in family}) == 1, {w: analyze(w) for w in family}


@pytest.mark.parametrize("a, b", APART)
def test_look_alikes_stay_apart(a, b):
    assert analyze(a) != analyze(b)


@pytest.mark.fullstack  # the embedded backend is the Python analysis itself
def test_both_backends_analyse_alike(search_backend):
    response = search_backend.client.indices.analyze(
        index=search_backend.alias, body={"analyzer": "fr", "text": " ".join(WORDS)}
    )
    assert [t["token"] for t in response["tokens"]] == [t for w in WORDS for t in analyze(w)]


# (query, {title: summary} of the pages it must find, a page it must not)
FOUND_BY_ANOTHER_FORM = [
    (
        "balayer",
        {
            "Chantier d'insertion": "Les trottoirs sont balayés chaque matin.",
            "Matériel partagé": "Une balayeuse pour le balayage des pistes cyclables.",
        },
        "Les débris du marché.",
    ),
    (
        "françaises",
        {
            "Modèle coopératif": "Le mouvement coopératif français et ses SCIC.",
            "Réseau national": "Une fédération française des ressourceries.",
        },
        "Une ardoise et un carnet.",
    ),
]


@pytest.mark.parametrize(
    ("query", "found", "unrelated"),
    FOUND_BY_ANOTHER_FORM,
    ids=[case[0] for case in FOUND_BY_ANOTHER_FORM],
)
def test_a_query_finds_the_other_forms_of_its_words(
    client, db, search_backend, media_root, query, found, unrelated
):
    index = factories.site_tree()
    for title, summary in found.items():
        factories.meeting(index, title, summary=summary)
    factories.meeting(index, "Sans rapport", summary=unrelated)
    rebuild()
    data = client.get("/api/search/", {"q": query}).json()
    assert {r["title"] for r in data["results"]} == set(found)


GLUED = "dense.Readability counts, implicit.Simple www.rtes.fr 2.2.1 foo_bar 1,5 km"


@pytest.mark.fullstack
def test_words_glued_by_punctuation_are_also_indexed_as_their_parts(search_backend):
    response = search_backend.client.indices.analyze(
        index=search_backend.alias, body={"analyzer": "fr", "text": GLUED}
    )
    tokens = [t["token"] for t in response["tokens"]]
    originals = [t for t in tokens if any(c in t for c in ".,_")]
    assert originals == [
        "dense.readability",
        "implicit.simpl",
        "www.rtes.fr",
        "2.2.1",
        "foo_bar",
        "1,5",
    ]
    assert [t for t in tokens if t not in originals] == analyze(GLUED)


def test_glued_words_found_by_either_part_in_both_backends(client, db, search_backend, media_root):
    index = factories.site_tree()
    factories.meeting(index, "Zen", summary="Sparse is better than dense.Readability counts.")
    rebuild()
    for q in ("Readability counts", "readability", "dense", "dense.Readability"):
        data = client.get("/api/search/", {"q": q}).json()
        assert [r["title"] for r in data["results"]] == ["Zen"], q
