"""The choosers of organisations and people: search by name, acronym, commune or organisation with accents
optional, a « Créer » tab that creates and chooses the missing row, and a SIRET read as people write it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from actors.models import Organisation, Person
from taxonomy.models import Territory


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def directory(db):
    commune = Territory.objects.create(
        level="commune", code="31446", name="Ramonville-Saint-Agne", postal_codes="31520"
    )
    rtes = Organisation.objects.create(
        name="Réseau des collectivités Territoriales pour une Economie Solidaire",
        acronym="RTES",
        category="network",
    )
    cress = Organisation.objects.create(
        name="Chambre Régionale de l'Economie Sociale et Solidaire d'Occitanie",
        acronym="CRESS Occitanie",
        category="network",
    )
    recyclerie = Organisation.objects.create(
        name="Élan Recyclerie", commune=commune, siret="73282932000074"
    )
    Person.objects.create(
        name="André Ducournau", position="Président de la CRESS Occitanie", organisation=cress
    )
    Person.objects.create(
        name="Nicole Miquel-Belaud", position="Administratrice", organisation=rtes
    )
    return {"rtes": rtes, "cress": cress, "recyclerie": recyclerie, "commune": commune}


def names(editor, chooser: str, q: str) -> list[str]:
    response = editor.get(reverse(f"{chooser}:choose_results"), {"q": q})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(tr.find("td").get_text().split()) for tr in soup.select("tbody tr")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("RTES", "Réseau des collectivités Territoriales pour une Economie Solidaire"),
        ("rtes", "Réseau des collectivités Territoriales pour une Economie Solidaire"),
        ("CRESS", "Chambre Régionale de l'Economie Sociale et Solidaire d'Occitanie"),
        ("chambre regionale", "Chambre Régionale de l'Economie Sociale et Solidaire d'Occitanie"),
        ("elan", "Élan Recyclerie"),
        ("ramonville saint agne", "Élan Recyclerie"),
        ("31520", "Élan Recyclerie"),
        ("732 829 320", "Élan Recyclerie"),
    ],
)
def test_organisation_chooser_finds_by_name_acronym_commune_accents_optional(
    editor, directory, query, expected
):
    assert names(editor, "organisation_chooser", query) == [expected]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "ducournau",
            ["André Ducournau (Chambre Régionale de l'Economie Sociale et Solidaire d'Occitanie)"],
        ),
        (
            "andre",
            ["André Ducournau (Chambre Régionale de l'Economie Sociale et Solidaire d'Occitanie)"],
        ),
        (
            "RTES",
            [
                "Nicole Miquel-Belaud (Réseau des collectivités Territoriales pour une Economie Solidaire)"
            ],
        ),
        (
            "miquel belaud",
            [
                "Nicole Miquel-Belaud (Réseau des collectivités Territoriales pour une Economie Solidaire)"
            ],
        ),
        ("%' OR 1=1 --", []),
    ],
)
def test_person_chooser_has_a_search(editor, directory, query, expected):
    html = editor.get(reverse("person_chooser:choose")).json()["html"]
    assert BeautifulSoup(html, "html.parser").find("input", attrs={"name": "q"}) is not None
    assert names(editor, "person_chooser", query) == expected


def test_both_choosers_have_a_create_tab_in_french(editor, directory):
    for chooser in ("organisation_chooser", "person_chooser"):
        html = editor.get(reverse(f"{chooser}:choose")).json()["html"]
        tabs = [
            " ".join(a.get_text().split())
            for a in BeautifulSoup(html, "html.parser").select("[role=tab]")
        ]
        assert (
            len(tabs) == 2 and tabs[0].startswith("Rechercher") and tabs[1].startswith("Créer")
        ), (chooser, tabs)


def test_create_tab_creates_and_chooses_an_organisation_with_a_spaced_siret(editor, directory):
    response = editor.post(
        reverse("organisation_chooser:create"),
        {
            "name": "Atelier Vélo Solidaire",
            "acronym": "AVS",
            "category": "ess_actor",
            "legal_form": "association",
            "siret": "732 829 320 00074",
            "commune_text": "31520",
            "website": "",
        },
    )
    data = response.json()
    assert data["step"] == "chosen", data
    created = Organisation.objects.get(name="Atelier Vélo Solidaire")
    assert data["result"]["id"] == str(created.pk) or data["result"]["id"] == created.pk
    assert created.siret == "73282932000074" and created.commune == directory["commune"]


def test_create_tab_says_in_french_what_is_wrong(editor, directory):
    data = editor.post(
        reverse("organisation_chooser:create"),
        {
            "name": "Atelier",
            "category": "ess_actor",
            "siret": "123 456 789 01234",
            "commune_text": "Nullepart",
        },
    ).json()
    assert data["step"] == "reshow_creation_form"
    assert "SIRET invalide" in data["htmlFragment"]
    assert "Aucun(e) commune ne correspond à « Nullepart »" in data["htmlFragment"]
    assert not Organisation.objects.filter(name="Atelier").exists()


def test_create_tab_creates_a_person_of_an_organisation_typed_by_acronym(editor, directory):
    data = editor.post(
        reverse("person_chooser:create"),
        {
            "name": "Camille Martin",
            "position": "Chargée de mission",
            "organisation_text": "RTES",
        },
    ).json()
    assert data["step"] == "chosen", data
    assert Person.objects.get(name="Camille Martin").organisation == directory["rtes"]


def test_create_tab_needs_the_add_permission(client, directory, django_user_model):
    user = django_user_model.objects.create_user("lecteur", password="x")
    group = Group.objects.create(name="Rédaction sans annuaire")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    assert client.post(reverse("organisation_chooser:create"), {"name": "Pirate"}).status_code in (
        302,
        403,
    )
    assert not Organisation.objects.filter(name="Pirate").exists()


def test_directory_form_accepts_the_usual_spacing_of_a_siret(editor, directory):
    org = directory["recyclerie"]
    url = reverse("actors_organisation_modeladmin_edit", args=[org.pk])
    html = editor.get(url).content.decode()
    field = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "siret"})
    assert field.get("maxlength") is None or int(field["maxlength"]) >= 20
    form = {
        "name": org.name,
        "category": org.category,
        "siret": "732 829 320 00074",
        "acronym": "",
        "legal_form": "",
        "description": "",
        "address": "",
        "postal_code": "",
        "website": "",
    }
    response = editor.post(url, form)
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(
        ".error-message"
    )
    org.refresh_from_db()
    assert org.siret == "73282932000074"
