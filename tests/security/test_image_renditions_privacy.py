"""Renditions of images in restricted collections are served only to those the collection admits (issue 22,
item 5): /media/images/ used to serve every rendition to anyone."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.test import Client
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

pytestmark = pytest.mark.django_db


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def image_in(collection: Collection, title: str):
    return get_image_model().objects.create(
        title=title, collection=collection, file=ImageFile(io.BytesIO(png()), name=f"{title}.png")
    )


def shown(response) -> bool:
    return response.status_code == 200 and b"".join(response.streaming_content).startswith(
        b"\x89PNG"
    )


@pytest.fixture
def collections(db):
    root = Collection.get_first_root_node()
    private = root.add_child(instance=Collection(name="Trombinoscope interne"))
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    board = private.add_child(instance=Collection(name="Bureau"))
    return {"root": root, "private": private, "board": board}


def test_restricted_renditions_need_the_collections_login(
    collections, media_root, django_user_model, django_assert_max_num_queries
):
    public = image_in(collections["root"], "carte").get_rendition("fill-20x20")
    private = image_in(collections["board"], "visage").get_rendition(
        "fill-20x20"
    )  # restricted by an ancestor
    with django_assert_max_num_queries(2):  # public renditions stay cheap: two small queries
        response = Client().get(public.url)
    assert shown(response) and response["Cache-Control"].startswith("public")
    anonymous = Client().get(private.url)
    assert anonymous.status_code == 404 and b"PNG" not in anonymous.content
    reader = Client()
    reader.force_login(django_user_model.objects.create_user("lecteur", "l@example.org", "pw"))
    response = reader.get(private.url)
    assert shown(response) and response["Cache-Control"].startswith("private")


def test_a_group_restriction_admits_only_its_members(collections, media_root, django_user_model):
    staff = Collection.get_first_root_node().add_child(instance=Collection(name="Équipe"))
    restriction = CollectionViewRestriction.objects.create(
        collection=staff, restriction_type="groups"
    )
    restriction.groups.add(Group.objects.create(name="Équipe"))
    rendition = image_in(staff, "organigramme").get_rendition("width-30")
    outsider = Client()
    outsider.force_login(django_user_model.objects.create_user("autre", "a@example.org", "pw"))
    assert outsider.get(rendition.url).status_code == 404
    member = django_user_model.objects.create_user("membre", "m@example.org", "pw")
    member.groups.add(Group.objects.get(name="Équipe"))
    insider = Client()
    insider.force_login(member)
    assert shown(insider.get(rendition.url))


def test_images_moved_by_the_bulk_action_stop_being_served(collections, media_root, admin_user):
    image = image_in(collections["root"], "affiche")
    rendition = image.get_rendition("fill-20x20")
    assert shown(Client().get(rendition.url))
    editor = Client()
    editor.force_login(admin_user)
    response = editor.post(
        f"/admin/bulk/wagtailimages/image/add_to_collection/?next=/admin/images/&id={image.pk}",
        {"collection": collections["private"].pk},
    )
    assert response.status_code == 302
    assert (
        Client().get(rendition.url).status_code == 404
    )  # QuerySet.update(): read where the image is now
    assert shown(editor.get(rendition.url))  # editors still see it
