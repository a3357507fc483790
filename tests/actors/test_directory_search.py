"""The directory's search (/acteurs/?q=): accents and case optional, acronyms and usual names find their
organisation, a typed word matches the start of a word (« etabli » finds « établissement »)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from actors.importer import import_actors
from actors.models import Organisation

CSV = (
    "nom;sigle;forme_juridique;description;commune;code_insee\n"
    "Union régionale des Scop;URSCOP;Association;Accompagne la création de coopératives;Toulouse;31555\n"
    "La Rafistolerie;;Association;Ressourcerie et établissement d'insertion;Castanet-Tolosan;31113\n"
)


@pytest.fixture
def directory(occitanie):
    Organisation.objects.create(name="Le Périscope", description="Tiers-lieu géré par le Sicoval.")
    Organisation.objects.create(
        name="Réseau des collectivités Territoriales pour une Economie Solidaire", acronym="RTES"
    )
    Organisation.objects.create(
        name="Chambre Régionale de l'Economie Sociale et Solidaire d'Occitanie",
        acronym="CRESS Occitanie",
    )
    Organisation.objects.create(name="Œuvre des Cœurs Solidaires", description="Épicerie sociale.")
    report = import_actors(io.BytesIO(CSV.encode()), index=False)
    assert report.created == 2, report


def found(client, q: str) -> list[str]:
    response = client.get(reverse("actors:directory"), {"q": q})
    assert response.status_code == 200
    names = list(Organisation.objects.order_by("sort_name").values_list("name", flat=True))
    listing = response.content.decode().split('id="acteurs"')[1]
    return [name for name in names if name.replace("'", "&#x27;") in listing]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("periscope", ["Le Périscope"]),
        ("PÉRISCOPE", ["Le Périscope"]),
        ("Périscope", ["Le Périscope"]),
        ("etabli", ["La Rafistolerie"]),  # « établissement », typed without its accent and in part
        ("ressourceries", ["La Rafistolerie"]),
        ("rtes", ["Réseau des collectivités Territoriales pour une Economie Solidaire"]),
        ("CRESS", ["Chambre Régionale de l'Economie Sociale et Solidaire d'Occitanie"]),
        ("urscop", ["Union régionale des Scop"]),
        (
            "chambre regionale economie sociale",
            ["Chambre Régionale de l'Economie Sociale et Solidaire d'Occitanie"],
        ),
        (
            "l'économie solidaire",
            [
                "Chambre Régionale de l'Economie Sociale et Solidaire d'Occitanie",
                "Réseau des collectivités Territoriales pour une Economie Solidaire",
            ],
        ),
        ("cooperatives", ["Union régionale des Scop"]),
        # A ligature is two letters: « oeuvre » and « coeur » find « Œuvre », « Cœurs » (and « œuvre » too)
        ("oeuvre coeurs", ["Œuvre des Cœurs Solidaires"]),
        ("œuvre", ["Œuvre des Cœurs Solidaires"]),
        (
            "ess",
            [],
        ),  # a word's start, not any part of it: « professionnel », « adresse » do not match
    ],
)
def test_directory_search_folds_accents_and_finds_acronyms(client, directory, q, expected):
    assert found(client, q) == expected


def test_search_text_follows_edits(directory):
    org = Organisation.objects.get(name="Le Périscope")
    org.description = "Pépinière d'entreprises"
    org.save(update_fields=["description"])
    assert Organisation.objects.filter(search_text__contains=" pepiniere").get() == org


def test_names_with_a_ligature_sort_as_their_two_letters(directory):
    names = list(Organisation.objects.order_by("sort_name").values_list("name", flat=True))
    assert names.index("Le Périscope") < names.index("Œuvre des Cœurs Solidaires")
    assert names.index("Œuvre des Cœurs Solidaires") < names.index(
        "Réseau des collectivités Territoriales pour une Economie Solidaire"
    )
