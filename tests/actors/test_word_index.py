"""The directory's word index (actors.word_index): the GIN index (PostgreSQL) or FTS5 table (SQLite) finds exactly
the organisations the LIKE on search_text finds, stays in step with every way rows are written, and takes any
user input without an error."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.urls import reverse

from actors import word_index
from actors.filters import typed_words
from actors.importer import import_actors
from actors.models import Organisation, search_text

NAMES = [
    ("L'Économie d'Abord", "", "Coopérative d'activité et d'emploi"),
    ("Ressourcerie Tri-Porteur", "RTP", "Réemploi, tri et vente solidaire"),
    ("Atelier 3D Éco-Conçu", "A3DEC", "Impression 3D pour l'ESS, 2e étage"),
    ("Structure 012345", "", ""),
    ("Structure 0123", "", "Mots-clés : insertion, jardin"),
    ("Ça Marche !", "CM", "Mobilité douce — vélo-école"),
    ("Œuvre des Âges", "ODA", "Aide aux aînés, 1er réseau"),
    ("Coop'Amap 31", "", "Paniers bio à Saint-Orens-de-Gameville"),
]
WORDS = [
    "eco", "économie", "d'abord", "tri", "tri-porteur", "rtp", "3d", "a3", "a3dec", "2e", "012", "0123",
    "012345", "0123456", "structure 0123", "mots cles", "ca", "ça marche", "oeuvre", "œuvre", "ages", "aine",
    "1er", "coop", "coop'amap", "amap 31", "saint orens", "velo ecole", "ess", "essai", "zz", "e", "l'",
]  # fmt: skip


@pytest.fixture
def organisations(db):
    for name, acronym, description in NAMES:
        Organisation.objects.create(name=name, acronym=acronym, description=description)


def by_like(words: list[str]) -> set[str]:
    qs = Organisation.objects.all()
    for word in words:
        qs = qs.filter(search_text__contains=f" {word}")
    return set(qs.values_list("name", flat=True))


def by_index(words: list[str]) -> set[str]:
    return set(
        Organisation.objects.filter(word_index.condition(connection, words)).values_list(
            "name", flat=True
        )
    )


def test_the_database_has_a_word_index(organisations):
    assert word_index.condition(connection, ["eco"]) is not None
    sql = str(Organisation.objects.with_word_starts(["eco"]).query)
    assert (word_index.FTS_TABLE if connection.vendor == "sqlite" else "to_tsvector") in sql


@pytest.mark.parametrize("q", WORDS)
def test_index_and_like_find_the_same_organisations(organisations, q):
    words = typed_words(q)
    expected = by_like(words)
    if words:
        assert by_index(words) == expected
    assert set(Organisation.objects.with_word_starts(words).values_list("name", flat=True)) == (
        expected
    )


def test_some_words_do_match(organisations):
    """The comparison above is not between two empty sets."""
    assert by_index(["structure", "0123"]) == {"Structure 012345", "Structure 0123"}
    assert by_index(["aine"]) == {"Œuvre des Âges"}
    assert by_index(["porteur"]) == {"Ressourcerie Tri-Porteur"}


@pytest.mark.parametrize(
    "q",
    ['"', '""', "*", "OR", "AND NOT", "NEAR(", "NEAR(a b", "-", "--", "'", "a:*", "x & y | !z", "^",
     "col:word", "(", ")", "\\", "%", "_", "\x00", "é*", '"eco" OR "tri"', "🙂"],
)  # fmt: skip
def test_hostile_input_is_never_an_error(client, organisations, q):
    response = client.get(reverse("actors:directory"), {"q": q})
    assert response.status_code == 200
    words = typed_words(q)
    assert by_index(words) == by_like(words) if words else True
    # the raw words, unfolded, reach the index safely too
    list(Organisation.objects.filter(word_index.condition(connection, [q, "eco"])))


def test_index_follows_create_update_delete(db):
    org = Organisation.objects.create(name="Pépinière Alpha")
    assert by_index(["pepin"]) == {"Pépinière Alpha"}
    org.name = "Fabrique Beta"
    org.save()
    assert by_index(["pepin"]) == set()
    assert by_index(["fabri"]) == {"Fabrique Beta"}
    org.delete()
    assert by_index(["fabri"]) == set()


def test_index_follows_bulk_writes(db):
    """What the register and CSV imports use: bulk_create, bulk_update, update(), delete() of a queryset."""
    created = Organisation.objects.bulk_create(
        [
            Organisation(name=n, slug=f"bulk-{i}", search_text=search_text(n))
            for i, n in enumerate(["Gamma Lune", "Delta Soleil"])
        ]
    )
    assert by_index(["lune"]) == {"Gamma Lune"}
    created[0].search_text = search_text("Gamma Étoile")
    Organisation.objects.bulk_update(created, ["search_text"])
    assert by_index(["lune"]) == set() and by_index(["etoile"]) == {"Gamma Lune"}
    Organisation.objects.filter(name="Delta Soleil").update(search_text=search_text("Delta Mer"))
    assert by_index(["soleil"]) == set() and by_index(["mer"]) == {"Delta Soleil"}
    Organisation.objects.filter(slug__startswith="bulk-").delete()
    assert by_index(["etoile"]) == by_index(["mer"]) == set()


def test_index_follows_the_csv_import(db):
    header = "nom;sigle;forme_juridique;description;commune;code_insee\n"
    csv = header + "Jardin Partagé Omega;;Association;Potager collectif;;\n"
    assert import_actors(io.BytesIO(csv.encode()), index=False).created == 1
    assert by_index(["potager"]) == {"Jardin Partagé Omega"}
    csv = header + "Jardin Partagé Omega;;Association;Verger collectif;;\n"
    import_actors(io.BytesIO(csv.encode()), index=False)
    assert by_index(["potager"]) == set()
    assert by_index(["verger"]) == {"Jardin Partagé Omega"}


def test_common_words_still_match_exactly(organisations, monkeypatch):
    """SQLite leaves words matching more than SQLITE_COMMON organisations to the LIKE alone: same results."""
    monkeypatch.setattr(word_index, "SQLITE_COMMON", 1)
    if connection.vendor == "sqlite":
        assert (
            word_index.condition(connection, ["structure"]) is None
        )  # two matches, over the bound
        assert word_index.condition(connection, ["012345"]) is not None  # one
    for q in WORDS:
        words = typed_words(q)
        found = set(Organisation.objects.with_word_starts(words).values_list("name", flat=True))
        assert found == by_like(words), q
