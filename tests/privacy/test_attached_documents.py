"""A public page names an attached document only to visitors the document's collection admits.

Issue 10, item 6: the page listed the title (and link) of a document sitting in a private collection.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, CollectionViewRestriction

from testing import factories
from testing.pdfs import pdf


@pytest.fixture
def page(db, media_root):
    private = Collection.get_first_root_node().add_child(
        instance=Collection(name="Interne au réseau")
    )
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type="groups"
    )
    restriction.groups.add(Group.objects.create(name="Bureau du réseau"))
    public_doc = factories.document(
        pdf("Bilan public du glanage."), title="Bilan public du glanage", filename="bilan.pdf"
    )
    secret_doc = factories.document(
        pdf("Annexe budgétaire interne."), title="Annexe budgétaire interne", filename="annexe.pdf"
    )
    secret_doc.collection = private
    secret_doc.save()
    main_secret = factories.document(
        pdf("Compte rendu confidentiel."), title="Compte rendu confidentiel", filename="cr.pdf"
    )
    main_secret.collection = private
    main_secret.save()
    return factories.meeting(
        factories.site_tree(),
        "Rencontre sur le glanage",
        documents=[public_doc, secret_doc],
        main_document=main_secret,
    )


def test_public_page_hides_documents_of_private_collections(client, page):
    html = client.get(page.url).content.decode()
    assert "Bilan public du glanage" in html
    for secret in (
        "Annexe budgétaire interne",
        "Compte rendu confidentiel",
        "annexe.pdf",
        "cr.pdf",
        "Télécharger le compte rendu",
    ):
        assert secret not in html, secret


def test_members_of_the_allowed_group_see_them(client, page, django_user_model):
    member = django_user_model.objects.create_user("membre", password="x")
    member.groups.add(Group.objects.get(name="Bureau du réseau"))
    client.force_login(member)
    html = client.get(page.url).content.decode()
    assert "Annexe budgétaire interne" in html and "Compte rendu confidentiel" in html
    assert "Télécharger le compte rendu" in html


def test_a_document_attached_only_to_a_draft_is_not_served_until_published(
    client, admin_client, db, media_root
):
    document = factories.document(
        pdf("Programme provisoire."), title="Programme provisoire", filename="prog.pdf"
    )
    assert (
        client.get(document.url).status_code == 200
    )  # in the library, attached to nothing: public
    draft = factories.meeting(
        factories.site_tree(), "Rencontre à venir", documents=[document], publish=False
    )
    assert client.get(document.url).status_code == 404
    assert admin_client.get(document.url).status_code == 200  # editors preview what they attach
    draft.save_revision().publish()
    assert client.get(document.url).status_code == 200
    draft.refresh_from_db()
    draft.unpublish()
    assert client.get(document.url).status_code == 404
