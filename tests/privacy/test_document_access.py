"""Documents of restricted collections and pages: Wagtail's password form and login, then the file (issue 22,
items 13 and 7).

13: a password-protected collection answered 404 with no form; a document of a password page stayed 404 after
the page's password was given; logged-in readers got 404 for documents of login-restricted pages.
7: a document linked only from a login-restricted information page's text was public.
"""

from __future__ import annotations

import os

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from home.models import StandardPage
from resources.models import ResourceDocument
from testing import factories
from testing.pdfs import pdf
from tests.helpers.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TIMEOUT = 60 if os.environ.get("MAILLAGE_TEST_MODE") == "full" else 5


def document(title: str, word: str) -> ResourceDocument:
    return factories.document(
        pdf(f"Le {word} des territoires solidaires."), title=title, filename=f"{word}.pdf"
    )


def file_url(doc: ResourceDocument) -> str:
    return ResourceDocument.objects.get(pk=doc.pk).url


def served(response) -> bool:
    if response.status_code != 200 or not getattr(response, "streaming", False):
        return False
    return b"".join(response.streaming_content).startswith(b"%PDF")


def search_ids(q: str) -> set[str]:
    return {r["id"] for r in Client().get("/api/search/", {"q": q}).json()["results"]}


def test_a_password_collection_asks_for_its_password_then_serves(media_root):
    collection = Collection.get_first_root_node().add_child(instance=Collection(name="Partenaires"))
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="colibri"
    )
    doc = document("Convention partenaires", "convention")
    doc.collection = collection
    doc.save()
    client = Client()
    for url in (file_url(doc), f"/document/{doc.pk}/convention-partenaires/"):
        response = client.get(url)
        assert response.status_code == 200 and 'name="password"' in response.content.decode(), url
    action = reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])
    assert client.post(action, {"password": "faux", "return_url": file_url(doc)}).status_code == 200
    assert (
        client.post(action, {"password": "colibri", "return_url": file_url(doc)}).status_code == 302
    )
    assert served(client.get(file_url(doc)))
    assert client.get(f"/document/{doc.pk}/convention-partenaires/").status_code == 200
    assert not served(Client().get(file_url(doc)))  # another visitor still gets the form


def test_a_document_of_a_password_page_is_served_once_the_page_password_is_given(media_root):
    doc = document("Compte rendu réservé", "reserve")
    page = factories.meeting(factories.site_tree(), "Rencontre réservée", documents=[doc])
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type="password", password="héron"
    )
    client = Client()
    response = client.get(file_url(doc))
    assert response.status_code == 200 and 'name="password"' in response.content.decode()
    action = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    assert (
        client.post(action, {"password": "héron", "return_url": file_url(doc)}).status_code == 302
    )
    assert served(client.get(file_url(doc)))
    assert client.get(f"/document/{doc.pk}/compte-rendu-reserve/").status_code == 200
    assert not served(Client().get(file_url(doc)))


def test_logged_in_readers_get_documents_of_login_pages(media_root, django_user_model):
    doc = document("Bilan des adhérents", "bilan")
    page = factories.meeting(factories.site_tree(), "Rencontre des adhérents", documents=[doc])
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    response = Client().get(file_url(doc))
    assert (
        response.status_code == 302
        and "/login/" in response["Location"]
        or "connexion" in response["Location"]
    )
    reader = Client()
    reader.force_login(
        django_user_model.objects.create_user("lectrice", "l@example.org", "pw")
    )  # not an editor
    assert served(reader.get(file_url(doc)))
    assert reader.get(f"/document/{doc.pk}/bilan-des-adherents/").status_code == 200


def test_a_draft_only_document_stays_a_404(media_root):
    doc = document("Brouillon interne", "brouillon")
    factories.meeting(
        factories.site_tree(), "Rencontre en préparation", documents=[doc], publish=False
    )
    assert Client().get(file_url(doc)).status_code == 404


def test_a_document_linked_from_a_login_restricted_information_page_is_not_public(
    search_backend, task_worker
):
    doc = document("Annuaire des élus", "mandature")
    home = factories.site_tree().get_parent()
    page = home.add_child(
        instance=StandardPage(
            title="Espace des élus",
            slug="espace-elus",
            body=f'<p>Voir <a linktype="document" id="{doc.pk}">l\'annuaire</a>.</p>',
        )
    )
    page.save_revision().publish()
    assert ResourceDocument.objects.public().filter(pk=doc.pk).exists()
    wait_for(
        lambda: f"document:{doc.pk}" in search_ids("mandature"),
        timeout=TIMEOUT,
        message="document public",
    )

    PageViewRestriction.objects.create(page=page, restriction_type="login")
    wait_for(
        lambda: f"document:{doc.pk}" not in search_ids("mandature"),
        timeout=TIMEOUT,
        message="document unindexed with its page restricted",
    )
    assert not ResourceDocument.objects.public().filter(pk=doc.pk).exists()
    assert Client().get(f"/api/v2/documents/{doc.pk}/").status_code == 404
    assert Client().get(file_url(doc)).status_code == 302  # to the login page, as the page itself
    assert f"/document/{doc.pk}/" not in Client().get("/sitemap.xml").content.decode()


def test_a_document_used_only_by_the_draft_of_a_live_page_waits_for_its_publication(
    search_backend, task_worker
):
    from resources.models import ResourceDocumentLink

    library = document("Programme provisoire", "provisoire")
    wait_for(
        lambda: f"document:{library.pk}" in search_ids("provisoire"),
        timeout=TIMEOUT,
        message="library document public",
    )
    page = factories.meeting(factories.site_tree(), "Rencontre de printemps")
    # As Wagtail's edit view saves a draft of a live page: a new revision, the page's own rows untouched.
    page.attached_documents.add(ResourceDocumentLink(document=library))
    revision = page.save_revision()
    assert not ResourceDocumentLink.objects.filter(document=library).exists()
    assert not ResourceDocument.objects.public().filter(pk=library.pk).exists()
    assert Client().get(file_url(library)).status_code == 404
    wait_for(
        lambda: f"document:{library.pk}" not in search_ids("provisoire"),
        timeout=TIMEOUT,
        message="draft-only document unindexed",
    )
    revision.publish()
    assert ResourceDocument.objects.public().filter(pk=library.pk).exists()
    wait_for(
        lambda: f"document:{library.pk}" in search_ids("provisoire"),
        timeout=TIMEOUT,
        message="document public with its page",
    )
    assert served(Client().get(file_url(library)))
