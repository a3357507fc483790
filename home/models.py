"""The home page (latest and featured resources, entry points by theme and territory), the pages every French
public site must have (mentions légales, accessibilité, données personnelles, contact) and the footer's links."""

from __future__ import annotations

import html
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.page_forms import PageForm
from resources.listing import territories_in_use
from resources.models import MeetingReportPage, ResourceIndexPage, ResourcePage
from taxonomy.models import Theme


class HomePage(Page):
    """Page d'accueil : dernières ressources, ressources à la une, entrées par thème et par territoire."""

    base_form_class = PageForm

    intro = models.TextField(
        "accroche", blank=True, help_text="Phrase d'accueil affichée sous le titre du site."
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["resources.ResourceIndexPage", "home.StandardPage"]
    page_description = (
        "Page d'accueil du site (une seule) : dernières ressources, ressources à la une, "
        "entrées par thème et par territoire."
    )
    max_count = 1
    latest_count = 6
    upcoming_count = 3
    featured_count = 3

    class Meta:
        verbose_name = "page d'accueil"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        live = ResourcePage.objects.live().public().descendant_of(self)
        featured = list(
            live.filter(featured=True).order_by("-date", "-pk").specific()[: self.featured_count]
        )
        context["featured"] = featured
        context["upcoming"] = list(
            MeetingReportPage.upcoming()
            .descendant_of(self)
            .select_related("commune", "club")[: self.upcoming_count]
        )
        context["latest"] = list(
            live.exclude(pk__in=[p.pk for p in featured])
            .order_by("-first_published_at", "-pk")
            .specific()[: self.latest_count]
        )
        live_ids = live.values("pk")
        context["themes"] = (
            Theme.objects.annotate(
                n=Count("resourcepage", filter=Q(resourcepage__in=live_ids), distinct=True)
            )
            .filter(n__gt=0)
            .order_by("name")
        )
        context["territories"] = [t for t in territories_in_use(live) if t.level != "commune"]
        context["resource_index"] = ResourceIndexPage.objects.live().child_of(self).first()
        return context


# A passage left for the publisher to complete, « [nom de la structure éditrice] ».
PLACEHOLDER = re.compile(r"\[[^\[\]]{3,200}\]")


def placeholders(rich_text: str) -> list[str]:
    """The bracketed passages still to complete in a rich text, each once, in order."""
    text = html.unescape(strip_tags(rich_text or ""))
    return list(dict.fromkeys(" ".join(m.split()) for m in PLACEHOLDER.findall(text)))


class StandardPageForm(PageForm):
    """Refuses to publish (or submit for publication) an information page that still holds bracketed passages."""

    def clean(self):
        cleaned = super().clean()
        publishing = any(
            name in self.data
            for name in ("action-publish", "action-submit", "action-workflow-action")
        )
        if publishing and (left := placeholders(cleaned.get("body", ""))):
            self.add_error(
                "body",
                ValidationError(
                    "Avant publication, remplacez les passages entre crochets : %(left)s.",
                    params={"left": " ; ".join(left[:8]) + (" ; …" if len(left) > 8 else "")},
                ),
            )
        return cleaned


class StandardPage(Page):
    """Page d'information : mentions légales, accessibilité, données personnelles, contact ou autre page simple."""

    base_form_class = StandardPageForm

    class Kind(models.TextChoices):
        LEGAL = "mentions-legales", "Mentions légales"
        ACCESSIBILITY = "accessibilite", "Accessibilité"
        PRIVACY = "donnees-personnelles", "Données personnelles"
        CONTACT = "contact", "Contact"
        OTHER = "autre", "Autre page"

    class Conformity(models.TextChoices):
        FULL = "totalement conforme", "Totalement conforme"
        PARTIAL = "partiellement conforme", "Partiellement conforme"
        NONE = "non conforme", "Non conforme"

    kind = models.CharField(
        "type de page",
        max_length=30,
        choices=Kind.choices,
        default=Kind.OTHER,
        help_text="Les mentions légales, l'accessibilité, les données personnelles et le contact sont liés depuis le "
        "pied de toutes les pages.",
    )
    body = RichTextField(
        "contenu",
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"],
    )
    conformity = models.CharField(
        "état de conformité au RGAA",
        max_length=30,
        choices=Conformity.choices,
        blank=True,
        help_text="Page Accessibilité : repris dans le pied de page (« Accessibilité : partiellement conforme »).",
    )
    compliance_rate = models.DecimalField(
        "taux de conformité (%)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Pourcentage des critères RGAA respectés lors de l'évaluation, ex. : 65,5",
    )
    assessed_on = models.DateField(
        "date de l'évaluation",
        null=True,
        blank=True,
        help_text="Date de l'audit ou de l'auto-évaluation RGAA.",
    )

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    page_description = "Mentions légales, accessibilité, données personnelles, contact ou autre page d'information."
    search_fields = Page.search_fields + [index.SearchField("body")]

    content_panels = Page.content_panels + [
        HelpPanel(
            "<p><strong>Avant publication</strong> : remplacez chaque passage entre crochets (« [nom de la structure "
            "éditrice] », « [adresse de contact] »…) par l'information réelle ; la publication est refusée tant qu'il "
            "en reste. Le tableau de bord liste ce qui reste à compléter.</p>"
            "<p><strong>Accessibilité</strong> : sans audit ni auto-évaluation RGAA, le site est « non conforme » et "
            "aucune date d'évaluation n'est indiquée.</p>",
            heading="Liste de contrôle",
        ),
        FieldPanel("kind"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("conformity"),
                        FieldPanel("compliance_rate"),
                        FieldPanel("assessed_on"),
                    ]
                )
            ],
            heading="Déclaration d'accessibilité (RGAA)",
            help_text="Pour la page Accessibilité uniquement.",
        ),
    ]

    class Meta:
        verbose_name = "page d'information"
        verbose_name_plural = "pages d'information"

    def placeholders(self) -> list[str]:
        return placeholders(self.body)

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.ACCESSIBILITY and not self.conformity:
            raise ValidationError(
                {"conformity": "La page Accessibilité indique l'état de conformité au RGAA."}
            )
        if (
            self.conformity in (self.Conformity.FULL, self.Conformity.PARTIAL)
            and not self.assessed_on
        ):
            raise ValidationError(
                {
                    "assessed_on": "Un site « totalement » ou « partiellement conforme » "
                    "l'est d'après une évaluation : indiquez sa date (sans évaluation, le site est « non conforme »).",
                }
            )
        if self.assessed_on and self.assessed_on > timezone.localdate():
            raise ValidationError(
                {"assessed_on": "La date de l'évaluation ne peut pas être dans le futur."}
            )
        if self.compliance_rate is not None and not 0 <= self.compliance_rate <= 100:
            raise ValidationError({"compliance_rate": "Un pourcentage entre 0 et 100."})
        if self.kind != self.Kind.OTHER:
            twin = StandardPage.objects.filter(kind=self.kind).exclude(pk=self.pk).first()
            if twin:
                raise ValidationError(
                    {
                        "kind": f"La page « {twin.title} » est déjà la page {self.get_kind_display()}."
                    }
                )


@register_setting(icon="link")
class FooterLinks(BaseSiteSetting):
    """The pages linked from every footer; empty: the live page of that type."""

    legal_notice = models.ForeignKey(
        "home.StandardPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="mentions légales",
    )
    accessibility = models.ForeignKey(
        "home.StandardPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="accessibilité",
    )
    privacy = models.ForeignKey(
        "home.StandardPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="données personnelles",
    )
    contact = models.ForeignKey(
        "home.StandardPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="contact",
    )

    panels = [
        PageChooserPanel("legal_notice", "home.StandardPage"),
        PageChooserPanel("accessibility", "home.StandardPage"),
        PageChooserPanel("privacy", "home.StandardPage"),
        PageChooserPanel("contact", "home.StandardPage"),
    ]
    SLOTS = [
        ("legal_notice", StandardPage.Kind.LEGAL),
        ("accessibility", StandardPage.Kind.ACCESSIBILITY),
        ("privacy", StandardPage.Kind.PRIVACY),
        ("contact", StandardPage.Kind.CONTACT),
    ]

    class Meta:
        verbose_name = "liens du pied de page"

    def pages(self) -> list[StandardPage]:
        """The footer's pages in order: the chosen one if live and public, else the live public page of that type."""
        live = StandardPage.objects.live().public()
        by_kind = {
            p.kind: p for p in live.filter(kind__in=[k for _, k in self.SLOTS]).order_by("-pk")
        }
        out = []
        for field, kind in self.SLOTS:
            chosen_id = getattr(self, f"{field}_id")
            page = live.filter(pk=chosen_id).first() if chosen_id else None
            page = page or by_kind.get(kind)
            if page:
                out.append(page)
        return out
