"""The extraction admin (issue 10, item 4) follows Wagtail's per-collection document permissions: an editor
allowed on one collection sees and retries only that collection's documents."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission

from resources.models import ExtractionStatus, ResourceDocument
from testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_collections(media_root):
    root = Collection.get_first_root_node()
    ours = root.add_child(name="Comité de pilotage")
    theirs = root.add_child(name="Direction confidentielle")
    documents = {}
    for collection, title in (
        (ours, "Compte rendu du comité"),
        (theirs, "Note secrète de direction"),
    ):
        document = factories.document(b"Texte du document.", title=title, filename="note.txt")
        ResourceDocument.objects.filter(pk=document.pk).update(
            collection=collection,
            extraction_status=ExtractionStatus.FAILED,
            extraction_error=f"Erreur propre à « {title} »",
        )
        documents[collection.name] = ResourceDocument.objects.get(pk=document.pk)
    return ours, documents


@pytest.fixture(params=["collection only", "with the model-level permission"])
def collection_editor(request, client, django_user_model, two_collections):
    """Wagtail grants document rights per collection; a Django model-level permission (granted through the
    user's own permissions) must not widen them."""
    ours, _ = two_collections
    change = Permission.objects.get(
        content_type__app_label="wagtaildocs", codename="change_document"
    )
    group = Group.objects.create(name="Éditeurs du comité")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if request.param != "collection only":
        group.permissions.add(change)
    GroupCollectionPermission.objects.create(group=group, collection=ours, permission=change)
    user = django_user_model.objects.create_user("comite", "c@example.org", "pw")
    user.groups.add(group)
    client.force_login(user)
    return client


def test_listing_shows_only_documents_of_the_editors_collections(
    collection_editor, two_collections
):
    _, documents = two_collections
    for query in ({}, {"statut": ExtractionStatus.FAILED}):
        response = collection_editor.get(reverse("maillage_extraction_status"), query)
        assert response.status_code == 200
        html = response.content.decode()
        assert (
            "Compte rendu du comité" in html
            and "Erreur propre à « Compte rendu du comité »" in html
        )
        assert "Note secrète de direction" not in html
        failed = dict((value, n) for value, _, n in response.context["statuses"])[
            ExtractionStatus.FAILED
        ]
        assert failed == 1  # the counts do not reveal the other collection either


def test_retry_refused_outside_the_editors_collections(collection_editor, two_collections):
    _, documents = two_collections
    secret = documents["Direction confidentielle"]
    response = collection_editor.post(reverse("maillage_retry_extraction", args=[secret.pk]))
    assert response.status_code == 404
    secret.refresh_from_db()
    assert secret.extraction_status == ExtractionStatus.FAILED and secret.extraction_error

    own = documents["Comité de pilotage"]
    response = collection_editor.post(reverse("maillage_retry_extraction", args=[own.pk]))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.extraction_status != ExtractionStatus.FAILED


def test_user_without_any_document_permission_is_refused(
    client, django_user_model, two_collections
):
    user = django_user_model.objects.create_user("visiteur", "v@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("maillage_extraction_status"))
    assert response.status_code == 403 or (
        response.status_code == 302 and response.url == "/admin/"
    )
    assert "Compte rendu du comité" not in response.content.decode()
