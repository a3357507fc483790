"""The directory's admin: modeladmin list with filters, CSV export of the filtered list, CSV upload."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actors.importer import import_actors
from actors.models import Organisation, Person

CSV = (
    "nom;forme_juridique;siret;commune;code_insee;secteurs\n"
    "Les Tabliers Solidaires;SCIC;73282932000074;Ramonville-Saint-Agne;31446;Alimentation\n"
    "Picojoule;Association;;Toulouse;31555;Transition écologique\n"
    "Ailleurs;SCOP;;;34172;\n"
)


@pytest.fixture
def admin_client(client, django_user_model, settings, tmp_path):
    settings.MAILLAGE_IMPORT_DIR = tmp_path / "imports"
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def actors(occitanie):
    import_actors(io.BytesIO(CSV.encode()), index=False)
    tabliers = Organisation.objects.get(name="Les Tabliers Solidaires")
    Person.objects.create(
        name="Alice",
        email="alice@example.org",
        organisation=tabliers,
        consent=True,
        consent_date="2024-05-01",
    )
    Person.objects.create(name="Bob", email="bob@example.org", organisation=tabliers)
    return Organisation.objects.all()


INDEX = "/admin/actors/organisation/"


def test_list_filters_by_territory_legal_form_and_sector(admin_client, actors):
    response = admin_client.get(INDEX)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Haute-Garonne" in text and "Hérault" in text  # territory filter choices
    assert "Exporter la liste (CSV)" in text and "Importer un CSV" in text
    text = admin_client.get(INDEX, {"territoire": "department-31"}).content.decode()
    assert "Picojoule" in text and "Ailleurs" not in text
    text = admin_client.get(INDEX, {"territoire": "epci-243100633"}).content.decode()
    assert "Les Tabliers Solidaires" in text and "Picojoule" not in text
    text = admin_client.get(INDEX, {"legal_form__exact": "scop"}).content.decode()
    assert "Ailleurs" in text and "Picojoule" not in text
    text = admin_client.get(INDEX, {"secteur": "alimentation"}).content.decode()
    assert "Les Tabliers Solidaires" in text and "Picojoule" not in text
    text = admin_client.get(INDEX, {"q": "pico"}).content.decode()
    assert "Picojoule" in text and "Ailleurs" not in text


def test_export_of_the_filtered_list_with_consenting_contacts_only(admin_client, actors):
    response = admin_client.get(INDEX, {"territoire": "department-31", "export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    assert [r["nom"] for r in rows] == ["Les Tabliers Solidaires", "Picojoule"]
    assert rows[0]["contacts_emails"] == "alice@example.org" and "bob@" not in body
    # the same through the generic export URL with the public directory's filters
    response = admin_client.get(reverse("actors_export"), {"forme": "scop"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert [r["nom"] for r in csv.DictReader(io.StringIO(body), delimiter=";")] == ["Ailleurs"]
    # and it imports back without changing anything
    report = import_actors(io.BytesIO(body.encode("utf-8-sig")), index=False)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)


def test_inspect_shows_linked_resources_and_contacts(admin_client, actors):
    org = Organisation.objects.get(name="Les Tabliers Solidaires")
    response = admin_client.get(f"{INDEX}inspect/{org.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Ressources liées" in text and "Aucune ressource" in text
    assert "consentement du 1 mai 2024" in text and "sans consentement" in text


def test_upload_dry_run_then_confirm(admin_client, occitanie):
    url = reverse("actors_import")
    assert admin_client.get(url).status_code == 200
    bad = CSV + "Clé fausse;SCOP;73282932000075;;31555;\n"
    response = admin_client.post(
        url, {"file": SimpleUploadedFile("acteurs.csv", bad.encode("cp1252"))}
    )
    text = response.content.decode()
    assert "Simulation" in text and "Confirmer l'import (3 à créer, 0 à mettre à jour)" in text
    assert "clé de contrôle" in text and "Windows-1252" in text
    assert not Organisation.objects.exists()
    token = response.context["token"]
    response = admin_client.post(url, {"token": token})
    assert response.status_code == 200 and "Import terminé" in response.content.decode()
    assert Organisation.objects.count() == 3
    # the stored upload is gone: confirming twice imports nothing more
    response = admin_client.post(url, {"token": token})
    assert response.status_code == 302 and Organisation.objects.count() == 3


def test_upload_mixing_utf8_and_cp1252_warns_with_the_lines_and_stores_the_accents(
    admin_client, occitanie
):
    url = reverse("actors_import")
    data = (
        CSV.encode("utf-8")
        + "Régie Élan;Association;;Toulouse;31555;Réemploi\n".encode("cp1252")
        + "Épicerie Côté Cour;Association;;Toulouse;31555;\n".encode("cp1252")
    )
    response = admin_client.post(url, {"file": SimpleUploadedFile("acteurs.csv", data)})
    warning = (
        "Encodage mélangé : 1 ligne en UTF-8 (ligne 3) et 2 lignes en Windows-1252 (lignes 5, 6). "
        "Chaque ligne a été lue dans son propre encodage"
    )
    text = response.content.decode()
    assert "Confirmer l'import (5 à créer, 0 à mettre à jour)" in text
    assert warning in text
    assert any(warning in str(m) and m.level_tag == "warning" for m in response.context["messages"])
    response = admin_client.post(url, {"token": response.context["token"]})
    assert "Import terminé" in response.content.decode() and warning in response.content.decode()
    assert {"Régie Élan", "Épicerie Côté Cour", "Transition écologique"} <= set(
        Organisation.objects.values_list("name", flat=True)
    ) | set(Organisation.objects.values_list("themes__name", flat=True))


def test_upload_of_a_spreadsheet_is_refused(admin_client, occitanie):
    response = admin_client.post(
        reverse("actors_import"), {"file": SimpleUploadedFile("acteurs.xlsx", b"PK\x03\x04 binary")}
    )
    assert "classeur" in response.content.decode() and not Organisation.objects.exists()


def test_upload_needs_permission(client, django_user_model, occitanie):
    user = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("actors_import")).status_code in (302, 403)
    assert client.get(reverse("actors_export")).status_code in (302, 403)


def test_the_directory_is_listed_once_and_its_choosers_work(admin_client, actors):
    response = admin_client.get("/admin/annuaire/choisir/organisation/")
    assert response.status_code == 200 and "Picojoule" in response.content.decode()
    assert "Choisir une organisation" in response.content.decode()
    assert admin_client.get("/admin/annuaire/choisir/territoire/").status_code == 200
    assert admin_client.get("/admin/annuaire/choisir/personne/").status_code == 200
    # Organisations, people and territories are managed under « Annuaire ESS » only, not among the snippets.
    snippets = admin_client.get("/admin/snippets/").content.decode()
    for app, model in (("actors", "organisation"), ("actors", "person"), ("taxonomy", "territory")):
        assert f"/admin/snippets/{app}/{model}/" not in snippets
        assert admin_client.get(f"/admin/snippets/{app}/{model}/").status_code == 404


def test_edit_forms_of_the_directory(admin_client, actors):
    for url in (
        f"{INDEX}create/",
        "/admin/actors/person/create/",
        "/admin/taxonomy/territory/",
        "/admin/actors/label/create/",
        "/admin/actors/person/",
    ):
        assert admin_client.get(url).status_code == 200, url
    org = Organisation.objects.get(name="Picojoule")
    response = admin_client.get(f"{INDEX}edit/{org.pk}/")
    assert response.status_code == 200 and "postal_code" in response.content.decode()
    person = Person.objects.get(name="Bob")
    response = admin_client.post(
        f"/admin/actors/person/edit/{person.pk}/",
        {
            "name": "Bob",
            "position": "",
            "organisation": person.organisation_id,
            "email": "bob@example.org",
            "phone": "",
            "consent": "on",
            "consent_date": "",
        },
    )
    assert response.status_code == 200 and "Indiquez la date" in response.content.decode()
