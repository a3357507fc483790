"""Contacts' personal data (issue 10, items 3 and 15): the organisation inspect page shows people's
e-mails only with actors.view_person, and the public CSV export never holds contacts, whoever asks."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from actors.models import Organisation, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    org = Organisation.objects.create(name="Les Tabliers Solidaires")
    Person.objects.create(
        name="Alice",
        email="alice@example.org",
        organisation=org,
        consent=True,
        consent_date=date(2024, 5, 1),
    )
    Person.objects.create(name="Bob", email="bob@example.org", organisation=org)
    return org


def _login(client, django_user_model, *codenames: str):
    user = django_user_model.objects.create_user("editeur", "e@example.org", "pw")
    for codename in ("access_admin", *codenames):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(user)
    return user


def _inspect(client, org) -> str:
    response = client.get(f"/admin/actors/organisation/inspect/{org.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_inspect_hides_contacts_without_view_person(client, django_user_model, organisation):
    _login(client, django_user_model, "view_organisation", "change_organisation")
    text = _inspect(client, organisation)
    assert "Les Tabliers Solidaires" in text
    assert "alice@example.org" not in text and "bob@example.org" not in text
    assert "2 contacts" in text and "réservées" in text


def test_inspect_shows_contacts_with_view_person(client, django_user_model, organisation):
    _login(client, django_user_model, "view_organisation", "view_person")
    text = _inspect(client, organisation)
    assert "alice@example.org" in text and "bob@example.org" in text and "sans consentement" in text


def _public_export(client) -> tuple[list[dict], str]:
    response = client.get(reverse("actors:export"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body), delimiter=";")), body


def test_public_export_never_has_contacts_even_for_a_superuser(
    client, django_user_model, organisation
):
    admin = django_user_model.objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(admin)
    rows, body = _public_export(client)
    assert [r["nom"] for r in rows] == ["Les Tabliers Solidaires"]
    assert "alice@" not in body and not any(r.get("contacts_emails") for r in rows)
    # the admin export, with view_person, is where consenting contacts are
    response = client.get(reverse("actors_export"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "alice@example.org" in body and "bob@" not in body


def test_admin_export_without_view_person_has_no_contacts(client, django_user_model, organisation):
    _login(client, django_user_model, "view_organisation")
    response = client.get(reverse("actors_export"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Les Tabliers Solidaires" in body and "alice@" not in body
