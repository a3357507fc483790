"""The listing page of resources: the page under which every resource type is created."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from core.page_forms import PageForm
from resources.listing import feed_path_for, filter_resources
from resources.resource_types import RESOURCE_TYPES

from . import meetings, sheets  # noqa: F401  (their types register before subpage_types reads the registry)
from .base import ResourcePage


class ResourceIndexPage(Page):
    """Liste des ressources, filtrable par type, thème, territoire et année, avec son flux RSS."""

    base_form_class = PageForm

    intro = models.TextField(
        "introduction", blank=True, help_text="Quelques mots affichés au-dessus de la liste."
    )
    per_page = 12

    subpage_types = [f"resources.{m.__name__}" for m in RESOURCE_TYPES]
    page_description = (
        "Liste des ressources, filtrable par type, thème, territoire et année, avec son flux RSS : "
        "les comptes rendus, fiches et stratégies se créent sous cette page."
    )
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = "liste de ressources"
        verbose_name_plural = "listes de ressources"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        qs = ResourcePage.objects.live().public().descendant_of(self)
        filtered, form = filter_resources(qs, request.GET)
        paginator = Paginator(filtered.specific(), self.per_page)
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
        context["filter_form"] = form
        context["querystring"] = form.querystring_without_page()
        context["feed_path"] = feed_path_for(form)
        return context
