"""The production static build: `collectstatic` with WhiteNoise's manifest storage (what the Docker image and
docker-compose run) succeeds, so every vendored file's references (source maps, fonts, images) resolve."""

from __future__ import annotations

import json

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_with_the_production_storage(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path / "static"):
        call_command("collectstatic", "--noinput", verbosity=0)
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    for name in (
        "resources/pdfjs/pdf.min.mjs",
        "resources/pdfjs/pdf.worker.min.mjs",
        "actors/leaflet/leaflet.js",
        "actors/markercluster/leaflet.markercluster.js",
        "css/site.css",
        "api/widget.css",
    ):
        assert name in manifest and (tmp_path / "static" / manifest[name]).exists()
