from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from actors.models import Organisation


def directory(request: HttpRequest) -> HttpResponse:
    qs = Organisation.objects.select_related("commune").order_by("name")
    q = " ".join(request.GET.get("q", "").split())[:200]
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(acronym__icontains=q) | Q(description__icontains=q))
    form = request.GET.get("forme", "")
    if form:
        qs = qs.filter(legal_form=form)
    page_obj = Paginator(qs, 30).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "actors/directory.html",
        {"page_obj": page_obj, "q": q, "forme": form, "legal_forms": Organisation.LegalForm.choices},
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("commune"), slug=slug)
    from resources.models import ResourcePage

    resources = (
        ResourcePage.objects.live()
        .public()
        .filter(
            Q(page_actors__organisation=organisation)
            | Q(learningvisitpage__actor=organisation)
            | Q(strategypage__authority=organisation)
            | Q(meetingreportpage__organisations__organisation=organisation)
        )
        .distinct()
        .order_by("-date")
    )
    return TemplateResponse(
        request, "actors/detail.html", {"organisation": organisation, "resources": resources.specific()}
    )
