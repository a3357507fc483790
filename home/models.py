"""The home page: latest and featured resources, search box, entry points by theme and territory."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Q
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """Page d'accueil : dernières ressources, ressources à la une, entrées par thème et par territoire."""

    intro = models.TextField("accroche", blank=True, help_text="Phrase d'accueil affichée sous le titre du site.")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["resources.ResourceIndexPage"]
    max_count = 1
    latest_count = 6
    featured_count = 3

    class Meta:
        verbose_name = "page d'accueil"

    def get_context(self, request, *args, **kwargs):
        from resources.listing import territories_in_use
        from resources.models import ResourceIndexPage, ResourcePage, Theme

        context = super().get_context(request, *args, **kwargs)
        live = ResourcePage.objects.live().public().descendant_of(self)
        featured = list(live.filter(featured=True).order_by("-date", "-pk").specific()[: self.featured_count])
        context["featured"] = featured
        context["latest"] = list(
            live.exclude(pk__in=[p.pk for p in featured]).order_by("-first_published_at", "-pk")
            .specific()[: self.latest_count]
        )
        live_ids = live.values("pk")
        context["themes"] = (
            Theme.objects.annotate(n=Count("resourcepage", filter=Q(resourcepage__in=live_ids), distinct=True))
            .filter(n__gt=0)
            .order_by("name")
        )
        context["territories"] = [t for t in territories_in_use(live) if t.level != "commune"]
        context["resource_index"] = ResourceIndexPage.objects.live().child_of(self).first()
        return context
