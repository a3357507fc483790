"""`ResourcePage`, the concrete base of every resource, and the links every resource has.

It is concrete so that listings, feeds, the sitemap and the search treat every type alike.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection

from django import forms
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, ReferenceIndex
from wagtail.query import PageQuerySet
from wagtail.search import index

from core import structured_data
from core.page_forms import PageForm
from resources.api_fields import DocumentsField, TerritoriesField, ThemesField
from resources.blocks import BodyBlock
from resources.document_urls import document_page_url
from resources.listing import SLUG
from resources.panels import FrenchMultipleChooserPanel, SharePanel
from resources.resource_types import RESOURCE_TYPES, resource_type_by_name
from taxonomy.models import Territory

from .documents import ResourceDocument


class ResourcePageQuerySet(PageQuerySet):
    """The filters of the resource listing, its feeds and the widget (search/facet_spec.py names them)."""

    def of_type(self, name: str) -> ResourcePageQuerySet:
        """Resources of one type, by model name ("toolkitpage"); none for an unknown name."""
        model = resource_type_by_name(name)
        return self.type(model) if model else self.none()

    def with_theme(self, slug: str) -> ResourcePageQuerySet:
        return self.filter(themes__slug=slug) if SLUG.fullmatch(slug) else self.none()

    def in_territory(self, key: str) -> ResourcePageQuerySet:
        """Resources of a territory ("department-31") or of a territory inside it; none for an unknown key."""
        territory = Territory.from_key(key)
        return self.none() if territory is None else self.concerning(territory)

    def of_year(self, year: int) -> ResourcePageQuerySet:
        return self.filter(date__year=year)

    def about_actor(self, organisation) -> ResourcePageQuerySet:
        """Resources about an actor: linked actor, DPV sheet, strategy, meeting role, visit, speaker, and any page
        naming it where Wagtail tracks references (choosers, StreamField programme blocks). Newest first."""
        references = ReferenceIndex.get_references_to(organisation).filter(
            base_content_type__app_label="wagtailcore", base_content_type__model="page"
        )
        condition = Q(page_actors__organisation=organisation) | Q(
            pk__in=[int(pk) for pk in references.values_list("object_id", flat=True)]
        )
        for (
            model
        ) in RESOURCE_TYPES:  # each type's own fields naming an organisation (`actor_fields`)
            for lookup in model.actor_fields:
                condition |= Q(**{f"{model._meta.model_name}__{lookup}": organisation})
        return self.model.objects.filter(pk__in=self.filter(condition).values("pk")).order_by(
            "-date", "-pk"
        )

    def concerning(self, territory: Territory) -> ResourcePageQuerySet:
        """Resources classified under `territory` or any territory inside it."""
        return self.filter(page_territories__territory__in=territory.descendants()).distinct()

    def territory_paths(self) -> set[str]:
        """The paths of the territories these resources are classified under."""
        return set(
            ResourceTerritory.objects.filter(page__in=self.values("pk"))
            .order_by()
            .values_list("territory__path", flat=True)
            .distinct()
        )

    def related_to(
        self, page: ResourcePage, limit: int = 4, exclude: Collection[int] = ()
    ) -> list[ResourcePage]:
        """The « related resources » of `page` among these: the editor's choice first, then those sharing most
        themes, territories and actors; none of `exclude` (pages `page` already lists in its content)."""
        chosen_ids = [
            link.resource_id
            for link in page.related_links.all()
            if link.resource_id and link.resource_id not in exclude
        ]
        chosen = {p.pk: p for p in self.filter(pk__in=chosen_ids).specific()}
        out = [chosen[pk] for pk in chosen_ids if pk in chosen]
        if len(out) >= limit:
            return out[:limit]
        theme_ids = [t.pk for t in page.themes.all()]
        territory_ids = [link.territory_id for link in page.page_territories.all()]
        actor_ids = [link.organisation_id for link in page.page_actors.all()]
        terms = []  # an empty `__in` inside an aggregate's filter would void the whole score
        if theme_ids:
            terms.append(Count("themes", filter=Q(themes__in=theme_ids), distinct=True))
        if territory_ids:
            terms.append(
                Count(
                    "page_territories",
                    filter=Q(page_territories__territory_id__in=territory_ids),
                    distinct=True,
                )
            )
        if actor_ids:
            terms.append(
                Count(
                    "page_actors",
                    filter=Q(page_actors__organisation_id__in=actor_ids),
                    distinct=True,
                )
            )
        if not terms:
            return out
        score = terms[0]
        for term in terms[1:]:
            score = score + term
        others = (
            self.exclude(
                pk__in=[page.pk, *chosen_ids, *exclude] if page.pk else [*chosen_ids, *exclude]
            )
            .annotate(score=score)
            .filter(score__gt=0)
            .order_by("-score", "-date")
        )
        return out + [p.specific for p in others[: limit - len(out)]]


class ResourcePage(Page):
    """Common ground of every resource: date, summary, body, document, themes, territories, actors."""

    base_form_class = PageForm

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
        BodyBlock(),
        blank=True,
        verbose_name="contenu",
        help_text="Texte libre : intertitres, paragraphes, citations.",
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
        "taxonomy.Theme",
        blank=True,
        verbose_name="thèmes",
        help_text="Choisir dans la liste des thèmes du réseau.",
    )
    featured = models.BooleanField(
        "à la une", default=False, help_text="Mise en avant sur la page d'accueil."
    )
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

    objects = PageManager.from_queryset(ResourcePageQuerySet)()

    is_creatable = False
    resource_type_label = "Ressource"
    page_description = (
        "Base commune des ressources ; on crée un compte rendu, une fiche ou une stratégie."
    )
    schema_type = "CreativeWork"  # schema.org type in the page's JSON-LD
    # Lookups from this type to the organisations it is about besides `page_actors` (`about_actor`)
    actor_fields: tuple[str, ...] = ()

    @property
    def type_label(self) -> str:
        """The type as this page shows it (its header, its card, feeds, newsletters): its type's label, unless the
        type says more of this page (a meeting still to come is no report yet)."""
        return self.resource_type_label

    @classmethod
    def type_label_on(cls, day: datetime.date | None) -> str:
        """The type label of a page of this type dated `day`, for lists that hold only the date (search results)."""
        return cls.resource_type_label

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    # Admin: each type writes its own « Contenu » tab (these fields, its own ones, then the body) and its
    # `edit_handler` from that tab and `resource_tabs`, the tabs every resource shares.
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("featured")]),
        FieldPanel("summary"),
        FieldPanel(
            "main_document",
            help_text=(
                "Le document qui est la ressource elle-même (la fiche, la stratégie, le compte rendu en PDF) : en tête "
                "de page avec « Lire dans le site », et sa première page en vignette sur les cartes. Les annexes et "
                "supports vont dans l'onglet « Documents »."
            ),
        ),
    ]
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
            "page_actors",
            chooser_field_name="organisation",
            label="Acteurs liés",
            add_label="Ajouter des acteurs",
            min_num=0,
        ),
        MultiFieldPanel(
            [
                FrenchMultipleChooserPanel(
                    "related_links",
                    chooser_field_name="resource",
                    label="Ressources liées",
                    add_label="Ajouter des ressources liées",
                    min_num=0,
                )
            ],
            heading="Ressources liées",
            help_text="Affichées en premier ; la page complète avec des ressources proches (mêmes thèmes, "
            "territoires ou acteurs).",
        ),
    ]
    document_panels = [
        FrenchMultipleChooserPanel(
            "attached_documents",
            chooser_field_name="document",
            label="Autres documents joints",
            add_label="Joindre des documents",
            help_text="Les annexes, diaporamas et supports de la ressource : listés sous le contenu, sous leur libellé "
            "(à défaut leur titre), chacun avec « Lire dans le site » et « Télécharger », comme le document "
            "principal. Un document déjà choisi comme document principal ou cité dans « Ressources » n'y est pas "
            "répété.",
        ),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("share_image")]
    resource_tabs = [
        ObjectList(classification_panels, heading="Classement"),
        ObjectList(document_panels, heading="Documents"),
        ObjectList(promote_panels, heading="Promotion et partage"),
        ObjectList([SharePanel(heading="Adresses à partager")], heading="Partager"),
        ObjectList(Page.settings_panels, heading="Publication"),
    ]

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

    @property
    def resource_type(self) -> str:
        return self.specific_class._meta.model_name if self.specific_class else "resourcepage"

    @property
    def year(self) -> int:
        return self.date.year

    def territories(self) -> list:
        return [
            link.territory
            for link in self.page_territories.select_related("territory")
            if link.territory_id
        ]

    def actors(self) -> list:
        return [
            link.organisation
            for link in self.page_actors.select_related("organisation")
            if link.organisation_id
        ]

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
        return structured_data.compact(
            {
                "@type": self.schema_type,
                "@id": structured_data.absolute(request, self.get_url(request=request)),
                "url": structured_data.absolute(request, self.get_url(request=request)),
                "name": self.title,
                "headline": self.title[:110],
                "description": self.search_description or self.summary or None,
                "genre": self.resource_type_label,
                "dateCreated": self.date.isoformat(),
                "datePublished": (
                    self.first_published_at.date().isoformat()
                    if self.first_published_at
                    else self.date.isoformat()
                ),
                "dateModified": self.last_published_at.isoformat()
                if self.last_published_at
                else None,
                "inLanguage": "fr",
                "keywords": ", ".join(t.name for t in self.themes.all()) or None,
                "spatialCoverage": [structured_data.place(t) for t in self.territories()],
                "mentions": [structured_data.organisation_ref(o, request) for o in self.actors()],
                "hasPart": [
                    structured_data.digital_document(d, request, document_page_url(d.pk, d.title))
                    for d in self.documents()
                    if d.is_viewable_by(request)
                ],
                "image": structured_data.absolute(request, image.get_rendition("fill-1200x630").url)
                if image
                else None,
                "publisher": structured_data.publisher(request),
            }
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related"] = (
            ResourcePage.objects.live().public().related_to(self, exclude=self.listed_page_ids())
        )
        # A document in a private collection is named only to those its restrictions admit.
        documents = [d for d in self.documents() if d.is_viewable_by(request)]
        context["documents"] = documents
        context["main_document"] = next(
            (d for d in documents if d.pk == self.main_document_id), None
        )
        # Each document once: the main one has its download button, those the content links are shown there.
        # The others under the content, each with the label the editor gave it in the « Documents » tab.
        in_content = {d.pk for d in self.linked_documents_in_content()}
        labels = {link.document_id: link.label for link in self.attached_documents.all()}
        context["other_documents"] = [
            (d, labels.get(d.pk, ""))
            for d in documents
            if d.pk != self.main_document_id and d.pk not in in_content
        ]
        return context


class ResourceDocumentLink(Orderable):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="attached_documents")
    document = models.ForeignKey(
        ResourceDocument,
        on_delete=models.CASCADE,
        related_name="page_links",
        verbose_name="document",
        help_text="Choisir dans la médiathèque ou déposer un fichier (PDF, diaporama…).",
    )
    label = models.CharField(
        "libellé", max_length=255, blank=True, help_text="Par défaut : le titre du document."
    )

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = "document joint"
        verbose_name_plural = "documents joints"


class ResourceTerritory(Orderable):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="page_territories")
    territory = models.ForeignKey(
        "taxonomy.Territory",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="territoire",
        help_text="Région, département, EPCI ou commune.",
    )

    panels = [FieldPanel("territory")]

    class Meta(Orderable.Meta):
        verbose_name = "territoire"
        verbose_name_plural = "territoires"


class ResourceActor(Orderable):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="page_actors")
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.CASCADE,
        related_name="resource_links",
        verbose_name="organisation",
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
        ResourcePage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="ressource liée",
        help_text="Une autre ressource du site à proposer en lecture.",
    )

    panels = [PageChooserPanel("resource", page_type="resources.ResourcePage")]

    class Meta(Orderable.Meta):
        verbose_name = "ressource liée"
        verbose_name_plural = "ressources liées"
