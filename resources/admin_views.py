"""Admin page listing documents with their extraction status, and the retry action."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from resources.models import ExtractionStatus, ResourceDocument
from tasks.dispatch import enqueue


def _check(request) -> None:
    if not request.user.has_perm("wagtaildocs.change_document"):
        raise PermissionDenied


def extraction_status(request):
    _check(request)
    status = request.GET.get("statut", "")
    qs = ResourceDocument.objects.order_by("-created_at")
    if status in ExtractionStatus.values:
        qs = qs.filter(extraction_status=status)
    counts = dict(ResourceDocument.objects.values_list("extraction_status").annotate(n=Count("pk")))
    return TemplateResponse(
        request,
        "resources/admin/extraction_status.html",
        {
            "page_obj": Paginator(qs, 50).get_page(request.GET.get("p")),
            "statuses": [(value, label, counts.get(value, 0)) for value, label in ExtractionStatus.choices],
            "current": status,
            "header_title": "Extraction des documents",
        },
    )


@require_POST
def retry_extraction(request, pk: int):
    _check(request)
    document = get_object_or_404(ResourceDocument, pk=pk)
    ResourceDocument.objects.filter(pk=pk).update(extraction_status=ExtractionStatus.PENDING, extraction_error="")
    enqueue("tasks.extract_document", document.pk)
    messages.success(request, f"L'extraction du texte de « {document.title} » a été relancée.")
    return redirect("maillage_extraction_status")
