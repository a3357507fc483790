"""Sheets: learning-visit sheets (Fiche DPV), toolkit sheets and local authorities' ESS strategies."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.search import index

from resources.blocks import KeyFiguresBlock
from resources.resource_types import register_resource_type

from .base import ResourcePage


@register_resource_type
class LearningVisitPage(ResourcePage):
    """Fiche DPV : une structure visitée lors d'une visite apprenante.

    Editors use it for the sheet of one structure visited: what it does, its key figures, a contact,
    the meeting where it was visited and the sheet's PDF (as main document).
    """

    actor = models.ForeignKey(
        "actors.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visit_sheets",
        verbose_name="structure visitée",
        help_text="Choisir la structure dans l'annuaire des acteurs.",
    )
    activity = models.TextField(
        "activité", blank=True, help_text="Ce que fait la structure, en quelques lignes."
    )
    key_figures = StreamField(
        KeyFiguresBlock(),
        blank=True,
        verbose_name="chiffres clés",
        help_text="Ex. : « 12 » « salariés en insertion »",
    )
    contact = models.TextField(
        "contact",
        blank=True,
        help_text="Coordonnées publiques de la structure (accueil, site, courriel générique). "
        "Pas de coordonnées personnelles sans consentement.",
    )
    meeting = models.ForeignKey(
        "resources.MeetingReportPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visit_sheets",
        verbose_name="rencontre de la visite",
        help_text="La rencontre au cours de laquelle la structure a été visitée.",
    )

    resource_type_label = "Fiche DPV"
    page_description = (
        "Fiche DPV : une structure visitée lors d'une visite apprenante (activité, chiffres clés, contact, "
        "rencontre de la visite), avec le PDF de la fiche en document principal."
    )
    schema_type = "Report"
    actor_fields = ("actor",)
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types: list[str] = []
    search_fields = ResourcePage.search_fields + [
        index.SearchField("activity"),
        index.SearchField("actor_name", boost=2),
    ]
    content_panels = ResourcePage.content_panels + [
        FieldPanel("actor"),
        FieldPanel("activity"),
        FieldPanel("key_figures"),
        FieldPanel("contact"),
        PageChooserPanel("meeting", page_type="resources.MeetingReportPage"),
        FieldPanel("body"),
    ]
    edit_handler = TabbedInterface(
        [ObjectList(content_panels, heading="Contenu"), *ResourcePage.resource_tabs]
    )

    class Meta:
        verbose_name = "fiche DPV (visite apprenante)"
        verbose_name_plural = "fiches DPV"

    @property
    def actor_name(self) -> str:
        return self.actor.name if self.actor_id else ""


@register_resource_type
class ToolkitPage(ResourcePage):
    """Fiche d'un kit (ex. « Kit du RTES, fiche n°4 ») : la fiche elle-même est le document principal."""

    series = models.CharField("kit", max_length=255, blank=True, help_text="Ex. : Kit du RTES")
    number = models.PositiveIntegerField(
        "numéro de fiche", null=True, blank=True, help_text="Ex. : 4"
    )
    audience = models.CharField(
        "public",
        max_length=255,
        blank=True,
        help_text="À qui s'adresse la fiche, ex. : élus et techniciens",
    )

    resource_type_label = "Fiche outil"
    page_description = "Fiche d'un kit (ex. « Kit du RTES, fiche n°4 ») : la fiche elle-même est le document principal."
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types: list[str] = []
    search_fields = ResourcePage.search_fields + [
        index.SearchField("series"),
        index.SearchField("audience"),
    ]
    content_panels = ResourcePage.content_panels + [
        FieldRowPanel([FieldPanel("series"), FieldPanel("number"), FieldPanel("audience")]),
        FieldPanel("body"),
    ]
    edit_handler = TabbedInterface(
        [ObjectList(content_panels, heading="Contenu"), *ResourcePage.resource_tabs]
    )

    class Meta:
        verbose_name = "fiche outil"
        verbose_name_plural = "fiches outils"

    @property
    def reference(self) -> str:
        """« Kit du RTES, fiche n°4 »."""
        parts = [self.series] if self.series else []
        if self.number:
            parts.append(f"fiche n°{self.number}")
        return ", ".join(parts)


@register_resource_type
class StrategyPage(ResourcePage):
    """Stratégie ESS adoptée par une collectivité : qui l'a adoptée, quand, pour quelle période."""

    authority = models.ForeignKey(
        "actors.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="strategies",
        verbose_name="collectivité",
        help_text="La collectivité qui a adopté la stratégie (choisie dans l'annuaire).",
    )
    adopted_on = models.DateField(
        "adoptée le", null=True, blank=True, help_text="Date de la délibération."
    )
    period_start = models.PositiveSmallIntegerField(
        "début de période", null=True, blank=True, help_text="Année, ex. : 2021"
    )
    period_end = models.PositiveSmallIntegerField(
        "fin de période", null=True, blank=True, help_text="Année, ex. : 2026"
    )

    resource_type_label = "Stratégie territoriale"
    page_description = (
        "Stratégie ESS adoptée par une collectivité : qui l'a adoptée, quand, pour quelle période, "
        "avec le document de la stratégie."
    )
    schema_type = "Report"
    actor_fields = ("authority",)
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types: list[str] = []
    search_fields = ResourcePage.search_fields + [index.SearchField("authority_name", boost=2)]
    content_panels = ResourcePage.content_panels + [
        FieldPanel("authority"),
        FieldRowPanel(
            [FieldPanel("adopted_on"), FieldPanel("period_start"), FieldPanel("period_end")]
        ),
        FieldPanel("body"),
    ]
    edit_handler = TabbedInterface(
        [ObjectList(content_panels, heading="Contenu"), *ResourcePage.resource_tabs]
    )

    class Meta:
        verbose_name = "stratégie territoriale"
        verbose_name_plural = "stratégies territoriales"

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "La fin de période doit suivre son début."})

    @property
    def authority_name(self) -> str:
        return self.authority.name if self.authority_id else ""

    @property
    def period(self) -> str:
        if self.period_start and self.period_end:
            return f"{self.period_start}-{self.period_end}"
        return str(self.period_start or self.period_end or "")
