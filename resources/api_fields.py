"""How the pages API (/api/v2/pages/) shows a resource's themes, territories and attached documents."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from resources.visibility import collection_is_private


class ThemesField(serializers.Field):
    def __init__(self, **kwargs: Any):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, themes) -> list[dict[str, str]]:
        return [{"slug": t.slug, "name": t.name} for t in themes.all()]


class TerritoriesField(serializers.Field):
    def __init__(self, **kwargs: Any):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, territories) -> list[dict[str, str]]:
        return [
            {"key": t.key, "level": t.level, "code": t.code, "name": t.name} for t in territories
        ]


class DocumentsField(serializers.Field):
    """The documents of a (public) page that anyone may open: those outside restricted collections."""

    def __init__(self, **kwargs: Any):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, documents) -> list[dict[str, Any]]:
        request = self.context.get("request")
        out = []
        for doc in documents:
            if collection_is_private(doc.collection_id):
                continue
            url = doc.url
            out.append(
                {
                    "id": doc.pk,
                    "title": doc.title,
                    "filename": doc.filename,
                    "format": doc.file_extension,
                    "pages": doc.page_count,
                    "unit": doc.extracted_unit or "page",
                    "download_url": request.build_absolute_uri(url) if request else url,
                }
            )
        return out
