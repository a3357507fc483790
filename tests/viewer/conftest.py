"""Fixtures of the viewer tests: documents that a visitor may not see, one per reason."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from testing import factories
from testing.pdfs import pdf


@pytest.fixture
def private_docs(db, media_root):
    """In a group-restricted collection, attached to a login-restricted page, attached to a draft."""
    private = Collection.get_first_root_node().add_child(instance=Collection(name="Interne"))
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type="groups"
    )
    restriction.groups.add(Group.objects.create(name="Bureau"))
    in_private_collection = factories.document(
        pdf("Annexe interne."), title="Annexe", filename="annexe.pdf"
    )
    in_private_collection.collection = private
    in_private_collection.save()
    on_private_page = factories.document(
        pdf("Note de la page privee."), title="Note", filename="note.pdf"
    )
    page = factories.meeting(factories.site_tree(), "Rencontre privée", documents=[on_private_page])
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    on_draft = factories.document(pdf("Brouillon."), title="Brouillon", filename="brouillon.pdf")
    factories.meeting(
        page.get_parent().specific, "Rencontre en brouillon", documents=[on_draft], publish=False
    )
    return in_private_collection, on_private_page, on_draft
