"""With the production settings (DEBUG off, as in docker-compose), image renditions are served from
/media/images/ (issue 10, item 12); documents and originals are not."""

from __future__ import annotations

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.images import get_image_model

from testing import factories

pytestmark = pytest.mark.django_db
HTTPS = {"secure": True, "HTTP_HOST": "maillage.example.org"}


def test_production_serves_image_renditions_only(client, production_like, media_root):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (10, 120, 60)).save(buffer, "PNG")
    image = get_image_model().objects.create(
        title="Carte", file=ImageFile(buffer, name="carte.png")
    )
    rendition = image.get_rendition("fill-20x20")
    document = factories.document(b"Budget confidentiel.", title="Budget", filename="budget.txt")

    response = client.get(rendition.url, **HTTPS)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert "max-age" in response["Cache-Control"]
    assert client.get(f"/media/{image.file.name}", **HTTPS).status_code == 404
    refused = client.get(f"/media/{document.file.name}", **HTTPS)
    assert refused.status_code == 404 and b"Budget" not in refused.content
    assert client.get(document.url, **HTTPS).status_code == 200  # documents: Wagtail's view only
