"""The person chooser lists contacts (names, organisations): only for users who may see people (issue 22, item 6)."""

import pytest
from django.contrib.auth.models import Permission

from actors.models import Organisation, Person

pytestmark = pytest.mark.django_db

URLS = [
    "/admin/annuaire/choisir/personne/",
    "/admin/annuaire/choisir/personne/results/?q=Dupont",
    "/admin/annuaire/choisir/personne/chosen/{pk}/",
]


@pytest.fixture
def contact():
    organisation = Organisation.objects.create(name="Régie de quartier Nord")
    return Person.objects.create(
        name="Claire Dupont", email="claire@example.org", organisation=organisation
    )


def editor(django_user_model, *codenames):
    user = django_user_model.objects.create_user("redactrice", "r@example.org", "pw")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


def test_an_editor_without_view_person_lists_no_contact(client, django_user_model, contact):
    client.force_login(editor(django_user_model))
    for url in URLS:
        response = client.get(url.format(pk=contact.pk))
        assert response.status_code in (302, 403), url  # Wagtail redirects a denied admin request
        assert (
            "Dupont" not in response.content.decode() and "Régie" not in response.content.decode()
        )


def test_an_editor_with_view_person_chooses_people(client, django_user_model, contact):
    client.force_login(editor(django_user_model, "view_person"))
    response = client.get(URLS[1])
    assert response.status_code == 200 and "Claire Dupont" in response.content.decode()
    assert client.get(URLS[2].format(pk=contact.pk)).status_code == 200


def test_the_organisation_chooser_stays_open_to_editors(client, django_user_model, contact):
    client.force_login(editor(django_user_model))
    response = client.get("/admin/annuaire/choisir/organisation/results/?q=Régie")
    assert response.status_code == 200 and "Régie de quartier Nord" in response.content.decode()
