"""Admin page listing documents with their extraction status, and the retry action.

Both honour Wagtail's per-collection document permissions: an editor sees and retries only the documents
they may change (those of their collections, and those they uploaded where they may add).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from wagtail.permissions import policy_registry

from resources.models import ExtractionStatus, ResourceDocument
from resources.signals import extraction_requested


def changeable_documents(user) -> QuerySet[ResourceDocument]:
    """The documents this user may change, by Wagtail's collection permission policy."""
    policy = policy_registry.get_by_type(ResourceDocument)
    if not policy.user_has_permission(user, "change"):
        raise PermissionDenied
    return policy.instances_user_has_any_permission_for(user, ["change"])


def extraction_status(request):
    documents = changeable_documents(request.user)
    status = request.GET.get("statut", "")
    qs = documents.order_by("-created_at")
    if status in ExtractionStatus.values:
        qs = qs.filter(extraction_status=status)
    counts = dict(documents.order_by().values_list("extraction_status").annotate(n=Count("pk")))
    return TemplateResponse(
        request,
        "resources/admin/extraction_status.html",
        {
            "page_obj": Paginator(qs, 50).get_page(request.GET.get("p")),
            "statuses": [
                (value, label, counts.get(value, 0)) for value, label in ExtractionStatus.choices
            ],
            "current": status,
            "header_title": "Extraction des documents",
        },
    )


@require_POST
def retry_extraction(request, pk: int):
    document = get_object_or_404(changeable_documents(request.user), pk=pk)
    ResourceDocument.objects.filter(pk=pk).update(
        extraction_status=ExtractionStatus.PENDING, extraction_error=""
    )
    extraction_requested.send(sender=ResourceDocument, instance=document)
    messages.success(request, f"L'extraction du texte de « {document.title} » a été relancée.")
    return redirect("maillage_extraction_status")
