"""Resource page types. `ResourcePage` is concrete so listings, feeds and search treat every type alike."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from resources.blocks import BodyBlock, GalleryBlock, KeyFigureBlock, ProgrammeBlock, ResourceLinkBlock

from .documents import ResourceDocument


class ResourcePage(Page):
    """Common ground of every resource: date, summary, body, themes, territories, documents."""

    date = models.DateField("date", default=timezone.localdate, help_text="Date de la rencontre ou de publication.")
    summary = models.TextField(
        "résumé", blank=True, max_length=600, help_text="Deux ou trois phrases, reprises dans les listes et lettres."
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name="contenu")
    themes = ParentalManyToManyField("resources.Theme", blank=True, verbose_name="thèmes")
    featured = models.BooleanField("à la une", default=False, help_text="Mise en avant sur la page d'accueil.")
    share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="image de partage",
        help_text="Image affichée quand la page est partagée (1200×630 idéalement).",
    )

    is_creatable = False
    resource_type_label = "Ressource"

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("featured")]),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    classification_panels = [
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        MultipleChooserPanel("page_territories", chooser_field_name="territory", label="Territoires", min_num=0),
        MultipleChooserPanel("page_actors", chooser_field_name="organisation", label="Acteurs liés", min_num=0),
    ]
    document_panels = [
        MultipleChooserPanel("attached_documents", chooser_field_name="document", label="Documents joints"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("share_image")]

    class Meta:
        verbose_name = "ressource"

    @classmethod
    def build_edit_handler(cls, extra_content: list | None = None) -> TabbedInterface:
        return TabbedInterface(
            [
                ObjectList(cls.content_panels + (extra_content or []), heading="Contenu"),
                ObjectList(cls.classification_panels, heading="Classement"),
                ObjectList(cls.document_panels, heading="Documents"),
                ObjectList(cls.promote_panels, heading="Promotion et partage"),
                ObjectList(Page.settings_panels, heading="Publication"),
            ]
        )

    @property
    def resource_type(self) -> str:
        return self.specific_class._meta.model_name if self.specific_class else "resourcepage"

    @property
    def year(self) -> int:
        return self.date.year

    def territories(self) -> list:
        return [link.territory for link in self.page_territories.select_related("territory")]

    def documents(self) -> list[ResourceDocument]:
        """Every document the page links: attached ones first, then those named in its content."""
        seen: dict[int, ResourceDocument] = {}
        for link in self.attached_documents.select_related("document"):
            seen.setdefault(link.document_id, link.document)
        for doc in self.linked_documents_in_content():
            seen.setdefault(doc.pk, doc)
        return list(seen.values())

    def linked_documents_in_content(self) -> list[ResourceDocument]:
        return []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from resources.related import related_resources

        context["related"] = related_resources(self)
        return context


class ResourceDocumentLink(Orderable):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="attached_documents")
    document = models.ForeignKey(
        ResourceDocument, on_delete=models.CASCADE, related_name="page_links", verbose_name="document"
    )
    label = models.CharField("libellé", max_length=255, blank=True, help_text="Par défaut : le titre du document.")

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = "document joint"
        verbose_name_plural = "documents joints"


class ResourceTerritory(Orderable):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="page_territories")
    territory = models.ForeignKey("actors.Territory", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("territory")]


class ResourceActor(Orderable):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="page_actors")
    organisation = models.ForeignKey("actors.Organisation", on_delete=models.CASCADE, related_name="resource_links")

    panels = [FieldPanel("organisation")]


class MeetingReportPage(ResourcePage):
    """Compte rendu d'une rencontre : programme, ateliers, visites apprenantes, intervenants, ressources."""

    class Format(models.TextChoices):
        IN_PERSON = "presentiel", "En présentiel"
        ONLINE = "visio", "En visioconférence"
        HYBRID = "hybride", "Hybride"

    start_time = models.TimeField("heure de début", null=True, blank=True)
    end_time = models.TimeField("heure de fin", null=True, blank=True)
    venue = models.CharField("lieu", max_length=255, blank=True, help_text="Ex. : Le Périscope")
    town = models.CharField("ville", max_length=255, blank=True)
    format = models.CharField("format", max_length=12, choices=Format.choices, default=Format.IN_PERSON)
    series = models.CharField(
        "club ou cycle", max_length=255, blank=True, help_text="Ex. : Club des collectivités pour l'ESS en Occitanie"
    )
    previous_meeting = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="rencontre précédente",
    )
    previous_meeting_url = models.URLField("lien vers la rencontre précédente (externe)", blank=True)
    participants = models.PositiveIntegerField("nombre de participants", null=True, blank=True)
    programme = StreamField(ProgrammeBlock(), blank=True, verbose_name="programme")
    synthesis = StreamField(BodyBlock(), blank=True, verbose_name="synthèse des interventions")
    gallery = StreamField(GalleryBlock(), blank=True, verbose_name="retour en images")
    resource_links = StreamField(ResourceLinkBlock(), blank=True, verbose_name="ressources")

    resource_type_label = "Compte rendu de rencontre"
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types: list[str] = []

    search_fields = ResourcePage.search_fields + [
        index.SearchField("venue"),
        index.SearchField("town"),
        index.SearchField("series"),
        index.SearchField("programme"),
        index.SearchField("synthesis"),
    ]

    meeting_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time"), FieldPanel("format")]),
                FieldRowPanel([FieldPanel("venue"), FieldPanel("town"), FieldPanel("participants")]),
                FieldPanel("series"),
                FieldRowPanel([FieldPanel("previous_meeting"), FieldPanel("previous_meeting_url")]),
            ],
            heading="La rencontre",
        ),
        InlinePanel("organisations", label="Organisateurs, soutiens et financeurs"),
        InlinePanel("speakers", label="Intervenant·es"),
        FieldPanel("programme"),
        FieldPanel("synthesis"),
        FieldPanel("gallery"),
        FieldPanel("resource_links"),
    ]

    class Meta:
        verbose_name = "compte rendu de rencontre"
        verbose_name_plural = "comptes rendus de rencontres"

    def linked_documents_in_content(self) -> list[ResourceDocument]:
        return [block.value["document"] for block in self.resource_links if block.block_type == "document"
                and block.value["document"] is not None]

    def organisations_by_role(self) -> list[tuple[str, list]]:
        groups: dict[str, list] = {}
        for link in self.organisations.select_related("organisation", "organisation__logo"):
            groups.setdefault(link.get_role_display(), []).append(link.organisation)
        return list(groups.items())


class MeetingOrganisation(Orderable):
    class Role(models.TextChoices):
        ORGANISER = "organiser", "Organisateur"
        CO_ORGANISER = "co_organiser", "Co-organisateur"
        HOST = "host", "Accueil"
        SUPPORTER = "supporter", "Avec le soutien de"
        FUNDER = "funder", "Partenaire financier"

    page = ParentalKey(MeetingReportPage, on_delete=models.CASCADE, related_name="organisations")
    organisation = models.ForeignKey("actors.Organisation", on_delete=models.CASCADE, related_name="meeting_roles")
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.ORGANISER)

    panels = [FieldRowPanel([FieldPanel("organisation"), FieldPanel("role")])]


class MeetingSpeaker(Orderable):
    page = ParentalKey(MeetingReportPage, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey("actors.Person", on_delete=models.CASCADE, related_name="talks")
    role = models.CharField(
        "rôle dans la rencontre", max_length=255, blank=True, help_text="Ex. : accueil, témoignage atelier 1"
    )

    panels = [FieldRowPanel([FieldPanel("person"), FieldPanel("role")])]


class LearningVisitPage(ResourcePage):
    """Fiche DPV : une structure visitée lors d'une visite apprenante."""

    actor = models.ForeignKey(
        "actors.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visit_sheets",
        verbose_name="structure visitée",
    )
    activity = models.TextField("activité", blank=True)
    key_figures = StreamField(KeyFigureBlock(), blank=True, verbose_name="chiffres clés")
    contact = models.TextField("contact", blank=True)
    meeting = models.ForeignKey(
        MeetingReportPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visit_sheets",
        verbose_name="rencontre de la visite",
    )

    resource_type_label = "Fiche DPV"
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types: list[str] = []
    search_fields = ResourcePage.search_fields + [index.SearchField("activity")]
    visit_panels = [
        FieldPanel("actor"),
        FieldPanel("activity"),
        FieldPanel("key_figures"),
        FieldPanel("contact"),
        FieldPanel("meeting"),
    ]

    class Meta:
        verbose_name = "fiche DPV (visite apprenante)"
        verbose_name_plural = "fiches DPV"


class ToolkitPage(ResourcePage):
    """Fiche d'un kit (ex. « Kit du RTES, fiche n°4 »)."""

    series = models.CharField("kit", max_length=255, blank=True, help_text="Ex. : Kit du RTES")
    number = models.PositiveIntegerField("numéro de fiche", null=True, blank=True)
    audience = models.CharField("public", max_length=255, blank=True, help_text="Ex. : élus et techniciens")

    resource_type_label = "Fiche outil"
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types: list[str] = []
    search_fields = ResourcePage.search_fields + [index.SearchField("series")]
    toolkit_panels = [FieldRowPanel([FieldPanel("series"), FieldPanel("number"), FieldPanel("audience")])]

    class Meta:
        verbose_name = "fiche outil"
        verbose_name_plural = "fiches outils"


class StrategyPage(ResourcePage):
    """Stratégie ESS adoptée par une collectivité."""

    authority = models.ForeignKey(
        "actors.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="strategies",
        verbose_name="collectivité",
    )
    adopted_on = models.DateField("adoptée le", null=True, blank=True)
    period_start = models.PositiveSmallIntegerField("début de période", null=True, blank=True)
    period_end = models.PositiveSmallIntegerField("fin de période", null=True, blank=True)

    resource_type_label = "Stratégie territoriale"
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types: list[str] = []
    strategy_panels = [
        FieldPanel("authority"),
        FieldRowPanel([FieldPanel("adopted_on"), FieldPanel("period_start"), FieldPanel("period_end")]),
    ]

    class Meta:
        verbose_name = "stratégie territoriale"
        verbose_name_plural = "stratégies territoriales"

    @property
    def period(self) -> str:
        if self.period_start and self.period_end:
            return f"{self.period_start}-{self.period_end}"
        return ""


MeetingReportPage.edit_handler = ResourcePage.build_edit_handler(MeetingReportPage.meeting_panels)
LearningVisitPage.edit_handler = ResourcePage.build_edit_handler(LearningVisitPage.visit_panels)
ToolkitPage.edit_handler = ResourcePage.build_edit_handler(ToolkitPage.toolkit_panels)
StrategyPage.edit_handler = ResourcePage.build_edit_handler(StrategyPage.strategy_panels)

RESOURCE_TYPES: list[type[ResourcePage]] = [MeetingReportPage, LearningVisitPage, ToolkitPage, StrategyPage]


class ResourceIndexPage(Page):
    """Liste des ressources, filtrable par type, thème, territoire et année."""

    intro = models.TextField("introduction", blank=True)
    per_page = 12

    subpage_types = [f"resources.{m.__name__}" for m in RESOURCE_TYPES]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = "liste de ressources"

    def get_context(self, request, *args, **kwargs):
        from resources.listing import filter_resources

        context = super().get_context(request, *args, **kwargs)
        qs = ResourcePage.objects.live().public().descendant_of(self)
        filtered, form = filter_resources(qs, request.GET)
        paginator = Paginator(filtered, self.per_page)
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
        context["filter_form"] = form
        context["querystring"] = form.querystring_without_page()
        return context
