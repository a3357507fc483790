"""/media/ serves image renditions only, never documents (issue 10, item 7): documents go through Wagtail's
document view, which checks collection restrictions and never shows active content inline."""

from __future__ import annotations

import importlib
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.urls import clear_url_caches
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from testing import factories

pytestmark = pytest.mark.django_db

HTML = b"<html><body><script>document.title = 'pwned'</script>Ordre du jour</body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="4"/></svg>'


@pytest.fixture
def debug_urls(settings, media_root):
    """The URLs of `make run` (DEBUG on), where development helpers are mounted."""
    import config.urls

    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def png(size: int = 40) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def test_documents_are_not_under_media_and_restricted_ones_stay_private(client, debug_urls):
    private = Collection.get_first_root_node().add_child(
        instance=Collection(name="Bureau seulement")
    )
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type="groups"
    )
    restriction.groups.add(Group.objects.create(name="Bureau"))
    document = factories.document(
        b"Budget confidentiel du bureau.", title="Budget", filename="budget.txt"
    )
    document.collection = private
    document.save()

    media = client.get(f"/media/{document.file.name}")
    assert media.status_code == 404
    assert b"Budget confidentiel" not in b"".join(
        getattr(media, "streaming_content", [media.content])
    )
    served = client.get(document.url)
    assert served.status_code in (302, 403, 404)
    assert b"Budget confidentiel" not in served.content


@pytest.mark.parametrize(
    ("filename", "content"), [("ordre-du-jour.html", HTML), ("schema.svg", SVG)]
)
def test_active_content_is_downloaded_never_shown_inline(client, debug_urls, filename, content):
    document = factories.document(content, title="Pièce jointe", filename=filename)
    assert client.get(f"/media/{document.file.name}").status_code == 404
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_image_renditions_are_served_and_nothing_else_under_media(client, debug_urls, media_root):
    image = get_image_model().objects.create(
        title="Carte", file=ImageFile(io.BytesIO(png()), name="carte.png")
    )
    rendition = image.get_rendition("fill-20x20")
    response = client.get(rendition.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client.get(f"/media/{image.file.name}").status_code == 404  # originals are not published
    (media_root / "images").mkdir(exist_ok=True)
    (media_root / "images" / "piege.svg").write_bytes(SVG)
    assert client.get("/media/images/piege.svg").status_code == 404
    assert client.get("/media/images/../documents/x.png").status_code in (400, 404)
