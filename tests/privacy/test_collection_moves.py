"""A collection moved into (or out of) a restricted tree takes its documents out of (or back into) public search.

Issue 10, item 1: treebeard's move() sends no post_save, so the index kept the old state until a rebuild.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction

from testing import factories
from testing.pdfs import pdf
from tests.helpers.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def search(q: str) -> dict:
    response = Client().get("/api/search/", {"q": q})
    assert response.status_code == 200, response.content[:500]
    return response.json()


def titles(q: str) -> set[str]:
    return {r["title"] for r in search(q)["results"]}


@pytest.fixture
def collections(db):
    root = Collection.get_first_root_node()
    private = root.add_child(instance=Collection(name="Interne"))
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    reports = root.add_child(instance=Collection(name="Comptes rendus"))
    minutes = reports.add_child(instance=Collection(name="Procès-verbaux"))
    return {"root": root, "private": private, "reports": reports, "minutes": minutes}


def filed(title: str, word: str, collection: Collection):
    document = factories.document(
        pdf(f"Compte rendu sur la {word} des territoires."), title=title, filename=f"{word}.pdf"
    )
    document.collection = collection
    document.save()
    return document


def move(collection: Collection, parent: Collection) -> None:
    """As the admin's "parent" field does, with both nodes read afresh (treebeard keeps paths in memory)."""
    Collection.objects.get(pk=collection.pk).move(
        Collection.objects.get(pk=parent.pk), "sorted-child"
    )


def test_moving_a_collection_tree_under_a_private_one_and_back(
    collections, search_backend, media_root, task_worker
):
    filed("Rapport zygomorphe", "zygomorphie", collections["minutes"])
    wait_for(lambda: titles("zygomorphie") == {"Rapport zygomorphe"}, message="document indexed")

    move(collections["reports"], collections["private"])
    # Title and passages both leave: the document sits two levels below the restricted collection now.
    wait_for(
        lambda: search("zygomorphie")["count"] == 0 and search("zygomorphe")["count"] == 0,
        message="document gone after its collection moved under a private one",
    )

    move(collections["reports"], collections["root"])
    wait_for(
        lambda: titles("zygomorphie") == {"Rapport zygomorphe"},
        message="document back after the move out",
    )


def test_moving_a_collection_in_the_admin(
    collections, search_backend, media_root, task_worker, admin_user
):
    filed("Note hippocampe", "hippocampe", collections["reports"])
    wait_for(lambda: titles("hippocampe") == {"Note hippocampe"}, message="document indexed")
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        reverse("wagtailadmin_collections:edit", args=[collections["reports"].pk]),
        {"name": "Comptes rendus", "parent": collections["private"].pk},
    )
    assert response.status_code == 302, response.content[:2000]
    assert (
        Collection.objects.get(pk=collections["reports"].pk).get_parent().pk
        == collections["private"].pk
    )
    wait_for(
        lambda: search("hippocampe")["count"] == 0, message="document gone after the admin moved it"
    )


def test_moving_a_document_to_a_private_collection(
    collections, search_backend, media_root, task_worker
):
    document = filed("Étude ornithologique", "ornithologie", collections["reports"])
    wait_for(lambda: titles("ornithologie") == {"Étude ornithologique"}, message="document indexed")
    document.refresh_from_db()
    document.collection = collections["private"]
    document.save()
    wait_for(lambda: search("ornithologie")["count"] == 0, message="document gone after it moved")
