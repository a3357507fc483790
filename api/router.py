"""Wagtail's API v2 at /api/v2/: pages, documents and images, read-only and public content only.

Pages: Wagtail already serves only live pages outside view restrictions. Documents: only those anyone may open
(`ResourceDocument.objects.public()`, the rule search and the pages follow). Images: Wagtail leaves out those in
restricted collections.

Bad input gets a 400 with a French message (api/errors.py), never a 500: field filters are checked before they
reach the database, and `search` reaches Wagtail's search backend as words only, over any filtered set.
"""

from __future__ import annotations

import re

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import Http404
from rest_framework import status
from rest_framework.response import Response
from taggit.managers import TaggableManager
from wagtail.api.v2 import filters as wagtail_filters
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from api.errors import BAD_OPERATOR, french
from resources.models import ResourceDocument

WORD = re.compile(r"\w+")
MAX_SEARCH = 200  # characters of words kept from `search`
MAX_OFFSET = (
    10**9
)  # databases hold 64-bit integers: a larger offset would overflow them (past the end anyway)


class FrenchBadRequest(BadRequestError):
    """A 400 whose message is already French."""


class CheckedFieldsFilter(wagtail_filters.FieldsFilter):
    """?<field>=<value>: a value the field cannot hold (a date « hier », a theme id « x ») is a 400, not a 500."""

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True)) - {
            "locale"
        }  # LocaleFilter's
        for name, value in request.GET.items():
            if name not in fields or value == "none":
                continue
            try:
                field = queryset.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, (models.BooleanField, TaggableManager)):
                continue  # Wagtail parses these itself (true/false, comma-separated tag names)
            target = (
                field.target_field
                if field.is_relation and hasattr(field, "target_field")
                else field
            )
            try:
                target.to_python(value)
            except (ValidationError, ValueError, TypeError) as exc:
                raise FrenchBadRequest(
                    f"Valeur non valide pour {name} : « {value[:100]} »."
                ) from exc
        return super().filter_queryset(request, queryset, view)


class WordsSearchFilter(wagtail_filters.SearchFilter):
    """?search=: the words only (no engine syntax reaches SQLite FTS5 or PostgreSQL), searched among the rows the
    other filters kept (as ids, so that a visibility rule Wagtail's backend cannot translate still applies)."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        operator = (request.GET.get("search_operator") or "and").lower()
        if operator not in ("and", "or"):
            raise FrenchBadRequest(BAD_OPERATOR)
        if request.GET.get("order") == "random":
            raise FrenchBadRequest("Le tri order=random ne se combine pas avec search.")
        words = " ".join(WORD.findall(request.GET["search"][: MAX_SEARCH * 2]))[:MAX_SEARCH]
        if not words:
            return queryset.none()
        candidates = queryset.model.objects.filter(pk__in=queryset.values("pk")).order_by(
            *queryset.query.order_by
        )
        try:
            return get_search_backend().search(
                words, candidates, operator=operator, order_by_relevance="order" not in request.GET
            )
        except OrderByFieldError as exc:
            raise FrenchBadRequest(
                f"Tri impossible sur {exc.field_name} pendant une recherche (paramètre order)."
            ) from exc
        except FilterFieldError as exc:
            raise FrenchBadRequest(
                f"Filtre impossible sur {exc.field_name} pendant une recherche."
            ) from exc


class BoundedPagination(WagtailPagination):
    """An offset past any possible end gives an empty page, as any offset past the end does, instead of an offset
    the database cannot hold (9223372036854775808 overflowed SQLite and PostgreSQL)."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "")
        if offset.isascii() and offset.isdigit() and (len(offset) > 10 or int(offset) > MAX_OFFSET):
            self.view, self.total_count = view, queryset.count()
            return queryset.none()
        return super().paginate_queryset(queryset, request, view)


def _safe(backends: list) -> list:
    swap = {
        wagtail_filters.FieldsFilter: CheckedFieldsFilter,
        wagtail_filters.SearchFilter: WordsSearchFilter,
    }
    return [swap.get(backend, backend) for backend in backends]


class FrenchErrorsMixin:
    """Wagtail's 400 and 404 answers, in French; offsets bounded."""

    pagination_class = BoundedPagination

    def find_object(self, queryset, request):
        """?id= of /find/ is an integer; anything else is a 400 (it reached the database as it was)."""
        value = request.GET.get("id")
        if value is not None and not (value.isascii() and value.isdigit() and len(value) <= 18):
            raise FrenchBadRequest("Le paramètre id doit être un entier positif.")
        return super().find_object(queryset, request)

    def handle_exception(self, exc):
        if isinstance(exc, FrenchBadRequest):
            return Response({"message": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, (BadRequestError, Http404)):
            code = (
                status.HTTP_404_NOT_FOUND
                if isinstance(exc, Http404)
                else status.HTTP_400_BAD_REQUEST
            )
            return Response(
                {"message": french(str(exc), self.request.GET.get("type", ""))}, status=code
            )
        return super().handle_exception(exc)


class PublicPagesAPIViewSet(FrenchErrorsMixin, PagesAPIViewSet):
    filter_backends = _safe(PagesAPIViewSet.filter_backends)


class PublicDocumentsAPIViewSet(FrenchErrorsMixin, DocumentsAPIViewSet):
    body_fields = DocumentsAPIViewSet.body_fields + ["page_count", "extracted_format"]
    filter_backends = _safe(DocumentsAPIViewSet.filter_backends)

    def get_queryset(self):
        return ResourceDocument.objects.public().order_by("id")


class PublicImagesAPIViewSet(FrenchErrorsMixin, ImagesAPIViewSet):
    filter_backends = _safe(ImagesAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
