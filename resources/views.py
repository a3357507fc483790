"""Public views of the resources app that are not Wagtail pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect

from resources.models import ResourcePage


def permalink(request: HttpRequest, pk: int) -> HttpResponsePermanentRedirect:
    """/r/<id>/: the permanent address of a resource, whatever its slug or place becomes."""
    if pk > 2**31 - 1:  # beyond the id column: no such page (the database would refuse the query)
        raise Http404("Ressource introuvable.")
    page = ResourcePage.objects.live().public().filter(pk=pk).first()
    url = page.get_url(request=request) if page else None
    if not url:
        raise Http404("Ressource introuvable.")
    return HttpResponsePermanentRedirect(url)
