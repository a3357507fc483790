"""`ResourcePage`, the concrete base of every resource, and the links every resource has.

It is concrete so that listings, feeds, the sitemap and the search treat every type alike.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home import structured_data
from resources.api_fields import DocumentsField, TerritoriesField, ThemesField
from resources.blocks import BodyBlock
from resources.document_links import document_page_url
from resources.panels import FrenchMultipleChooserPanel

from .documents import ResourceDocument


class ResourcePage(Page):
    """Common ground of every resource: date, summary, body, document, themes, territories, actors."""

    date = models.DateField(
        "date",
        default=timezone.localdate,
        help_text="Date de la rencontre, de l'adoption ou de la publication : elle classe la ressource par année.",
    )
    summary = models.TextField(
        "résumé",
        blank=True,
        max_length=600,
        help_text="Deux ou trois phrases, reprises dans les listes, les flux, les partages et les lettres "
        "d'information.",
    )
    body = StreamField(
        BodyBlock(), blank=True, verbose_name="contenu", help_text="Texte libre : intertitres, paragraphes, citations."
    )
    main_document = models.ForeignKey(
        ResourceDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="main_for_pages",
        verbose_name="document principal",
        help_text="La fiche, la stratégie ou le support lui-même (PDF de préférence), proposé en téléchargement.",
    )
    themes = ParentalManyToManyField(
        "resources.Theme", blank=True, verbose_name="thèmes", help_text="Choisir dans la liste des thèmes du réseau."
    )
    featured = models.BooleanField("à la une", default=False, help_text="Mise en avant sur la page d'accueil.")
    share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="image de partage",
        help_text="Image affichée quand la page est partagée (1200×630 idéalement). "
        "Par défaut : la première photo de la page.",
    )

    is_creatable = False
    resource_type_label = "Ressource"
    schema_type = "CreativeWork"  # schema.org type in the page's JSON-LD

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("featured")]),
        FieldPanel("summary"),
        FieldPanel("main_document"),
    ]
    body_panels = [FieldPanel("body")]
    classification_panels = [
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FrenchMultipleChooserPanel(
            "page_territories",
            chooser_field_name="territory",
            label="Territoires",
            add_label="Ajouter des territoires",
            min_num=0,
            help_text="Région, département, EPCI ou commune : la ressource apparaît aussi sous les niveaux supérieurs.",
        ),
        FrenchMultipleChooserPanel(
            "page_actors", chooser_field_name="organisation", label="Acteurs liés", add_label="Ajouter des acteurs",
            min_num=0,
        ),
        MultiFieldPanel(
            [
                FrenchMultipleChooserPanel(
                    "related_links", chooser_field_name="resource", label="Ressources liées",
                    add_label="Ajouter des ressources liées", min_num=0,
                )
            ],
            heading="Ressources liées",
            help_text="Affichées en premier ; la page complète avec des ressources proches (mêmes thèmes, "
            "territoires ou acteurs).",
        ),
    ]
    document_panels = [
        FrenchMultipleChooserPanel(
            "attached_documents", chooser_field_name="document", label="Autres documents joints",
            add_label="Joindre des documents",
        ),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("share_image")]

    api_fields = [
        APIField("resource_type"),
        APIField("resource_type_label"),
        APIField("date"),
        APIField("summary"),
        APIField("themes", serializer=ThemesField()),
        APIField("territories", serializer=TerritoriesField()),
        APIField("documents", serializer=DocumentsField()),
    ]

    class Meta:
        verbose_name = "ressource"

    @classmethod
    def build_edit_handler(cls, extra_content: list | None = None) -> TabbedInterface:
        return TabbedInterface(
            [
                ObjectList(cls.content_panels + (extra_content or []) + cls.body_panels, heading="Contenu"),
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
        return [link.territory for link in self.page_territories.select_related("territory") if link.territory_id]

    def actors(self) -> list:
        return [link.organisation for link in self.page_actors.select_related("organisation") if link.organisation_id]

    def documents(self) -> list[ResourceDocument]:
        """Every document the page links: the main one, attached ones, then those named in its content."""
        seen: dict[int, ResourceDocument] = {}
        if self.main_document_id:
            seen[self.main_document_id] = self.main_document
        for link in self.attached_documents.select_related("document"):
            if link.document_id:
                seen.setdefault(link.document_id, link.document)
        for doc in self.linked_documents_in_content():
            seen.setdefault(doc.pk, doc)
        return list(seen.values())

    def linked_documents_in_content(self) -> list[ResourceDocument]:
        return []

    def listed_page_ids(self) -> set[int]:
        """Pages this page already lists in its own content: 'related resources' leaves them out."""
        return set()

    def gallery_images(self) -> list:
        return []

    def get_share_image(self):
        """The image shown when the page is shared: the chosen one, else the first photo of the page."""
        if self.share_image_id:
            return self.share_image
        images = self.gallery_images()
        return images[0] if images else None

    def structured_data(self, request) -> dict:
        """This resource in schema.org's vocabulary (JSON-LD): a CreativeWork or one of its kinds."""
        image = self.get_share_image()
        return structured_data.compact({
            "@type": self.schema_type,
            "@id": structured_data.absolute(request, self.get_url(request=request)),
            "url": structured_data.absolute(request, self.get_url(request=request)),
            "name": self.title,
            "headline": self.title[:110],
            "description": self.search_description or self.summary or None,
            "genre": self.resource_type_label,
            "dateCreated": self.date.isoformat(),
            "datePublished": (self.first_published_at.date().isoformat() if self.first_published_at
                              else self.date.isoformat()),
            "dateModified": self.last_published_at.isoformat() if self.last_published_at else None,
            "inLanguage": "fr",
            "keywords": ", ".join(t.name for t in self.themes.all()) or None,
            "spatialCoverage": [structured_data.place(t) for t in self.territories()],
            "mentions": [structured_data.organisation_ref(o, request) for o in self.actors()],
            "hasPart": [structured_data.digital_document(d, request, document_page_url(d.pk, d.title))
                        for d in self.documents() if d.is_viewable_by(request)],
            "image": structured_data.absolute(request, image.get_rendition("fill-1200x630").url) if image else None,
            "publisher": structured_data.publisher(request),
        })

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from resources.related import related_resources

        context["related"] = related_resources(self, exclude=self.listed_page_ids())
        # A document in a private collection is named only to those its restrictions admit.
        documents = [d for d in self.documents() if d.is_viewable_by(request)]
        context["documents"] = documents
        context["main_document"] = next((d for d in documents if d.pk == self.main_document_id), None)
        # Each document once: the main one has its download button, those the content links are shown there.
        in_content = {d.pk for d in self.linked_documents_in_content()}
        context["other_documents"] = [d for d in documents if d.pk != self.main_document_id and d.pk not in in_content]
        return context


class ResourceDocumentLink(Orderable):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="attached_documents")
    document = models.ForeignKey(
        ResourceDocument, on_delete=models.CASCADE, related_name="page_links", verbose_name="document",
        help_text="Choisir dans la médiathèque ou déposer un fichier (PDF, diaporama…).",
    )
    label = models.CharField("libellé", max_length=255, blank=True, help_text="Par défaut : le titre du document.")

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = "document joint"
        verbose_name_plural = "documents joints"


class ResourceTerritory(Orderable):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="page_territories")
    territory = models.ForeignKey(
        "actors.Territory", on_delete=models.CASCADE, related_name="+", verbose_name="territoire",
        help_text="Région, département, EPCI ou commune.",
    )

    panels = [FieldPanel("territory")]

    class Meta(Orderable.Meta):
        verbose_name = "territoire"
        verbose_name_plural = "territoires"


class ResourceActor(Orderable):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="page_actors")
    organisation = models.ForeignKey(
        "actors.Organisation", on_delete=models.CASCADE, related_name="resource_links", verbose_name="organisation",
        help_text="Une structure dont parle la ressource (choisie dans l'annuaire).",
    )

    panels = [FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        verbose_name = "acteur lié"
        verbose_name_plural = "acteurs liés"


class ResourceRelatedLink(Orderable):
    """A resource an editor chose to show as related, before the ones computed from shared themes."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="related_links")
    resource = models.ForeignKey(
        ResourcePage, on_delete=models.CASCADE, related_name="+", verbose_name="ressource liée",
        help_text="Une autre ressource du site à proposer en lecture.",
    )

    panels = [PageChooserPanel("resource", page_type="resources.ResourcePage")]

    class Meta(Orderable.Meta):
        verbose_name = "ressource liée"
        verbose_name_plural = "ressources liées"
