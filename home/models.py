from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """Page d'accueil : dernières ressources, ressources à la une, entrées par thème et territoire."""

    intro = models.TextField(
        "accroche", blank=True, help_text="Phrase d'accueil affichée sous le titre du site."
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["resources.ResourceIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "page d'accueil"

    def get_context(self, request, *args, **kwargs):
        from actors.models import Territory
        from resources.models import ResourcePage, Theme

        context = super().get_context(request, *args, **kwargs)
        live = ResourcePage.objects.live().public().specific().order_by("-date", "-pk")
        context["latest"] = live[:6]
        context["featured"] = live.filter(featured=True)[:3]
        context["themes"] = Theme.objects.filter(resourcepage__live=True).distinct()
        context["territories"] = Territory.objects.filter(
            level__in=["region", "department"], organisations__isnull=False
        ).distinct()[:20] or Territory.objects.filter(level="department")[:20]
        from resources.models import ResourceIndexPage

        context["resource_index"] = ResourceIndexPage.objects.live().child_of(self).first()
        return context
