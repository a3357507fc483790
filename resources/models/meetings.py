"""Meeting reports: when and where, who organised and who spoke, the programme, the synthesis and resources."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import dateformat, timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core import structured_data
from resources.blocks import BodyBlock, GalleryBlock, ProgrammeBlock, ResourceLinkBlock
from resources.panels import FrenchInlinePanel
from resources.resource_types import register_resource_type
from resources.visibility import page_admits

from .base import ResourcePage
from .documents import ResourceDocument

UPCOMING_LABEL = "Rencontre à venir"


@register_resource_type
class MeetingReportPage(ResourcePage):
    """Compte rendu d'une rencontre : programme, ateliers, visites apprenantes, intervenants, ressources.

    Editors use it for every meeting of a club or series: the date and place, the organisations in each role
    (with their logos), the speakers, the programme, the synthesis of the talks, photos and resources.
    """

    class Registration(models.TextChoices):
        NONE = "none", "Sans inscription"
        OPEN = "open", "Ouvertes"
        CLOSED = "closed", "Closes"

    class Format(models.TextChoices):
        IN_PERSON = "presentiel", "En présentiel"
        ONLINE = "visio", "En visioconférence"
        HYBRID = "hybride", "Hybride"

    start_time = models.TimeField("heure de début", null=True, blank=True, help_text="Ex. : 09:30")
    end_time = models.TimeField("heure de fin", null=True, blank=True, help_text="Ex. : 16:30")
    format = models.CharField(
        "format",
        max_length=12,
        choices=Format.choices,
        default=Format.IN_PERSON,
        help_text="En présentiel, en visioconférence ou les deux.",
    )
    venue = models.CharField(
        "lieu",
        max_length=255,
        blank=True,
        help_text="Nom du lieu, ex. : Le Périscope. Vide pour une visioconférence.",
    )
    commune = models.ForeignKey(
        "taxonomy.Territory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"level": "commune"},
        verbose_name="commune",
        help_text="La commune du lieu, choisie dans la liste des territoires.",
    )
    club = models.ForeignKey(
        "resources.MeetingSeries",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name="club ou cycle",
        help_text="Le club ou le cycle dont la rencontre fait partie (liste gérée dans « Clubs et cycles »).",
    )
    previous_meeting = models.ForeignKey(
        "resources.MeetingReportPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="rencontre précédente",
        help_text="Par défaut : la rencontre précédente du même club sur le site.",
    )
    previous_meeting_url = models.URLField(
        "rencontre précédente (lien externe)",
        blank=True,
        help_text="Si la rencontre précédente n'est pas publiée sur ce site.",
    )
    address = models.CharField(
        "adresse",
        max_length=255,
        blank=True,
        help_text="Numéro et rue, ex. : 12 rue des Arts. La commune est choisie à côté.",
    )
    online_url = models.URLField(
        "lien de la visioconférence",
        blank=True,
        help_text="Envoyé aux inscrit·es (e-mail de confirmation et rappel) ; affiché sur la page si la rencontre est "
        "sans inscription.",
    )
    registration = models.CharField(
        "inscriptions",
        max_length=10,
        choices=Registration.choices,
        default=Registration.NONE,
        help_text="Ouvertes : le formulaire s'affiche sur la page jusqu'à la date ; au-delà des places, "
        "les personnes sont inscrites en liste d'attente.",
    )
    capacity = models.PositiveIntegerField(
        "places",
        null=True,
        blank=True,
        help_text="Nombre de places de la journée quand elle n'a pas de sessions ; vide : sans limite.",
    )
    participants = models.PositiveIntegerField(
        "nombre de participants", null=True, blank=True, help_text="Environ, ex. : 60"
    )
    programme = StreamField(
        ProgrammeBlock(),
        blank=True,
        verbose_name="programme",
        help_text="Ateliers (questions, témoignages), visites apprenantes (structures visitées) et temps forts.",
    )
    synthesis = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name="synthèse des interventions",
        help_text="Ce que chaque intervenant·e a dit, citations comprises.",
    )
    gallery = StreamField(
        GalleryBlock(),
        blank=True,
        verbose_name="retour en images",
        help_text="Photos de la rencontre ; chaque photo a besoin d'un texte alternatif.",
    )
    resource_links = StreamField(
        ResourceLinkBlock(),
        blank=True,
        verbose_name="ressources",
        help_text="Pages du site, documents ou liens externes, chacun avec son libellé.",
    )

    resource_type_label = "Compte rendu de rencontre"
    page_description = (
        "Compte rendu d'une rencontre d'un club ou d'un cycle : lieu et horaires, organisateurs, intervenant·es, "
        "programme (ateliers, visites apprenantes), synthèse, photos et ressources."
    )
    actor_fields = (
        "organisations__organisation",
        "speakers__organisation",
        "speakers__person__organisation",
    )
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types: list[str] = []

    search_fields = ResourcePage.search_fields + [
        index.SearchField("venue"),
        index.SearchField("town_name"),
        index.SearchField("club_name"),
        index.SearchField("programme"),
        index.SearchField("synthesis"),
    ]

    content_panels = ResourcePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("start_time"), FieldPanel("end_time"), FieldPanel("format")]
                ),
                FieldRowPanel([FieldPanel("venue"), FieldPanel("address"), FieldPanel("commune")]),
                FieldRowPanel([FieldPanel("online_url"), FieldPanel("participants")]),
                FieldPanel("club"),
                FieldRowPanel(
                    [
                        PageChooserPanel(
                            "previous_meeting", page_type="resources.MeetingReportPage"
                        ),
                        FieldPanel("previous_meeting_url"),
                    ]
                ),
            ],
            heading="La rencontre",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("registration"), FieldPanel("capacity")]),
                FrenchInlinePanel(
                    "sessions",
                    label="Sessions et visites",
                    help_text="Les ateliers ou visites entre lesquels les personnes choisissent en "
                    "s'inscrivant, chacun avec ses places.",
                    add_label="Ajouter une session",
                ),
            ],
            heading="Inscriptions",
        ),
        FrenchInlinePanel(
            "organisations",
            label="Organisateurs, co-organisateurs, soutiens et financeurs",
            help_text="Une ligne par organisation et par rôle ; leurs logos s'affichent groupés par rôle.",
            add_label="Ajouter une organisation",
        ),
        FrenchInlinePanel(
            "speakers", label="Intervenant·es", add_label="Ajouter un·e intervenant·e"
        ),
        FieldPanel("programme"),
        FieldPanel("synthesis"),
        FieldPanel("gallery"),
        FieldPanel(
            "resource_links",
            help_text=(
                "La liste « Ressources » de la page de la rencontre, dans l'ordre choisi ici : chaque élément "
                "avec son libellé (ex. : « Diaporama de l'atelier 1 »), une page du site, un document ou un lien "
                "externe. Un document cité ici a, comme tout document joint, « Lire dans le site » et « Télécharger ». "
                "Le document principal se choisit plus haut et n'est pas répété ici ; les annexes sans libellé vont "
                "dans l'onglet « Documents »."
            ),
        ),
        FieldPanel("body"),
    ]
    edit_handler = TabbedInterface(
        [ObjectList(content_panels, heading="Contenu"), *ResourcePage.resource_tabs]
    )

    class Meta:
        verbose_name = "compte rendu de rencontre"
        verbose_name_plural = "comptes rendus de rencontres"

    def clean(self) -> None:
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "L'heure de fin doit suivre l'heure de début."})
        if self.previous_meeting_id and self.pk and self.previous_meeting_id == self.pk:
            raise ValidationError(
                {"previous_meeting": "Une rencontre ne peut pas se précéder elle-même."}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tiles_url"] = (
            settings.MAILLAGE_MAP_TILES_URL
        )  # the place's map while the meeting is upcoming
        context["tiles_attribution"] = settings.MAILLAGE_MAP_TILES_ATTRIBUTION
        context["resource_items"] = self.resource_items(request)
        return context

    def resource_items(self, request) -> list:
        """The items of « Ressources » this visitor sees, in the editor's order: a document only to those its
        collection admits (as under the content), and never the main document, which heads the page (each
        document once); a page of the site only while this visitor may read it (a draft, an unpublished or
        expired page or one restricted to others would be a dead link)."""
        items = []
        for block in self.resource_links:
            document = block.value["document"] if block.block_type == "document" else None
            if document is not None and (
                document.pk == self.main_document_id or not document.is_viewable_by(request)
            ):
                continue
            page = block.value["page"] if block.block_type == "page" else None
            if page is not None and not page_admits(page, request):
                continue
            items.append(block)
        return items

    def starts_at(self) -> datetime.datetime:
        """The start, aware (Europe/Paris); 9:00 when no time is given."""
        return timezone.make_aware(
            datetime.datetime.combine(self.date, self.start_time or datetime.time(9))
        )

    def ends_at(self) -> datetime.datetime:
        """The end, aware; the end of the day when no end time is given."""
        if self.end_time:
            return timezone.make_aware(datetime.datetime.combine(self.date, self.end_time))
        return timezone.make_aware(datetime.datetime.combine(self.date, datetime.time(23, 59)))

    @property
    def is_upcoming(self) -> bool:
        """Until its end the page announces the meeting (programme, registration); afterwards it is the report."""
        return timezone.now() < self.ends_at()

    @property
    def type_label(self) -> str:
        return UPCOMING_LABEL if self.is_upcoming else self.resource_type_label

    @classmethod
    def type_label_on(cls, day: datetime.date | None) -> str:
        """Without its times: a meeting dated today or later is still to come."""
        return UPCOMING_LABEL if day and day >= timezone.localdate() else cls.resource_type_label

    @property
    def registration_open(self) -> bool:
        return self.registration == self.Registration.OPEN and self.is_upcoming

    @property
    def full_address(self) -> str:
        parts = [self.venue, self.address]
        if self.commune_id:
            postal = self.commune.postal_codes.split()[0] if self.commune.postal_codes else ""
            parts.append(f"{postal} {self.commune.name}".strip())
        return ", ".join(p for p in parts if p)

    @classmethod
    def upcoming(cls):
        """Live public meetings that have not ended yet (today's included), soonest first."""
        return (
            cls.objects.live()
            .public()
            .filter(date__gte=timezone.localdate())
            .order_by("date", "start_time", "pk")
        )

    @property
    def town_name(self) -> str:
        return self.commune.name if self.commune_id else ""

    @property
    def club_name(self) -> str:
        return self.club.name if self.club_id else ""

    @property
    def hours(self) -> str:
        """The times as the page shows them: « 9h30–16h30 », « 9h30 » or nothing."""
        if not self.start_time:
            return ""
        start, end = (
            dateformat.time_format(t, r"G\hi") if t else ""
            for t in (self.start_time, self.end_time)
        )
        return f"{start}–{end}" if end else start

    def _series_meetings(self):
        return (
            MeetingReportPage.objects.live()
            .public()
            .filter(club_id=self.club_id)
            .exclude(pk=self.pk)
        )

    def get_previous_meeting(self) -> MeetingReportPage | None:
        """The meeting chosen as previous, else the latest earlier meeting of the same club."""
        if self.previous_meeting_id:
            previous = self.previous_meeting
            return previous if previous.live else None
        if not self.club_id:
            return None
        return self._series_meetings().filter(date__lt=self.date).order_by("-date", "-pk").first()

    def get_next_meeting(self) -> MeetingReportPage | None:
        if not self.pk:
            return None
        chosen = (
            MeetingReportPage.objects.live()
            .public()
            .filter(previous_meeting_id=self.pk)
            .order_by("date")
            .first()
        )
        if chosen or not self.club_id:
            return chosen
        return self._series_meetings().filter(date__gt=self.date).order_by("date", "pk").first()

    def visited_structure_sheets(self) -> list:
        """The published DPV sheets of structures visited at this meeting, unless the resource list names them."""
        if not self.pk:
            return []
        listed = self.linked_pages_in_content()
        return [
            s for s in self.visit_sheets.live().public().order_by("title") if s.pk not in listed
        ]

    def linked_pages_in_content(self) -> set[int]:
        return {
            block.value["page"].pk
            for block in self.resource_links
            if block.block_type == "page" and block.value["page"] is not None
        }

    def listed_page_ids(self) -> set[int]:
        """The pages of the resource list and the visited structures' sheets, each shown once on the page."""
        if not self.pk:
            return set()
        return self.linked_pages_in_content() | set(self.visit_sheets.values_list("pk", flat=True))

    def linked_documents_in_content(self) -> list[ResourceDocument]:
        return [
            block.value["document"]
            for block in self.resource_links
            if block.block_type == "document" and block.value["document"] is not None
        ]

    def gallery_images(self) -> list:
        return [block.value["image"] for block in self.gallery if block.value.get("image")]

    def organisations_by_role(self) -> list[tuple[str, list]]:
        """[(heading, [organisation, …]), …] in the order of the roles, for the logo rows."""
        groups: dict[str, list] = {}
        for link in self.organisations.select_related("organisation", "organisation__logo"):
            if link.organisation_id:
                groups.setdefault(link.role, []).append(link.organisation)
        return [
            (MeetingOrganisation.role_heading(role, len(groups[role])), groups[role])
            for role in MeetingOrganisation.Role.values
            if role in groups
        ]

    ATTENDANCE_MODES = {
        Format.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
        Format.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
        Format.HYBRID: "https://schema.org/MixedEventAttendanceMode",
    }
    ORGANISER_ROLES = (
        "organiser",
        "co_organiser",
        "host",
    )  # MeetingOrganisation.Role, defined below

    def structured_data(self, request) -> dict:
        """The meeting as a schema.org Event: date and times, place, organisers, funders, speakers."""
        data = super().structured_data(request)
        url = data.get("url")
        start = self._moment(self.start_time)
        end = self._moment(self.end_time)
        locations = []
        if self.format != self.Format.ONLINE and (self.venue or self.commune_id):
            address = structured_data.compact(
                {
                    "@type": "PostalAddress",
                    "streetAddress": self.address or None,
                    "addressLocality": self.town_name or None,
                    "postalCode": (
                        self.commune.postal_codes.split()[0]
                        if self.commune_id and self.commune.postal_codes
                        else None
                    ),
                    "addressCountry": "FR",
                }
            )
            locations.append(
                structured_data.compact(
                    {"@type": "Place", "name": self.venue or self.town_name, "address": address}
                )
            )
        if self.format != self.Format.IN_PERSON:
            locations.append({"@type": "VirtualLocation", "url": self.online_url or url})
        by_role: dict[str, list] = {}
        for link in self.organisations.select_related("organisation"):
            by_role.setdefault(link.role, []).append(
                structured_data.organisation_ref(link.organisation, request)
            )
        performers = [
            structured_data.compact(
                {
                    "@type": "Person",
                    "name": s["person"].name,
                    "jobTitle": s["position"] or None,
                    "affiliation": structured_data.organisation_ref(s["organisation"], request)
                    if s["organisation"]
                    else None,
                }
            )
            for s in self.speaker_list()
        ]
        data.update(
            {
                "@type": "Event",
                "startDate": start,
                "endDate": end if self.end_time else None,
                "eventStatus": "https://schema.org/EventScheduled",
                "eventAttendanceMode": self.ATTENDANCE_MODES.get(self.format),
                "location": locations[0] if len(locations) == 1 else locations,
                "organizer": [o for role in self.ORGANISER_ROLES for o in by_role.get(role, [])],
                "funder": by_role.get("funder", []),
                "sponsor": by_role.get("supporter", []),
                "performer": performers,
                "superEvent": {"@type": "EventSeries", "name": self.club_name}
                if self.club_id
                else None,
                "offers": self._offer(url),
            }
        )
        for key in (
            "headline",
            "dateCreated",
            "datePublished",
            "dateModified",
            "genre",
            "hasPart",
            "mentions",
            "spatialCoverage",
            "publisher",
        ):
            data.pop(key, None)  # CreativeWork properties: an Event does not have them
        return structured_data.compact(data)

    def _offer(self, url: str | None) -> dict | None:
        """Free registration on the page itself (#inscription), while registrations are open or closed."""
        if self.registration == self.Registration.NONE or not url:
            return None
        return {
            "@type": "Offer",
            "url": f"{url}#inscription",
            "price": "0",
            "priceCurrency": "EUR",
            "availability": "https://schema.org/InStock"
            if self.registration_open
            else "https://schema.org/SoldOut",
        }

    def _moment(self, time) -> str:
        if time is None:
            return self.date.isoformat()
        return timezone.make_aware(datetime.datetime.combine(self.date, time)).isoformat()

    def speaker_list(self) -> list[dict]:
        """Speakers with the position and organisation they spoke for (on the day, else their current ones)."""
        out = []
        for link in self.speakers.select_related("person", "person__organisation", "organisation"):
            if not link.person_id:
                continue
            out.append(
                {
                    "person": link.person,
                    "position": link.position or link.person.position,
                    "organisation": link.organisation
                    if link.organisation_id
                    else link.person.organisation,
                    "role": link.role,
                }
            )
        return out


class MeetingSession(Orderable):
    """A session of the day that people choose when they register: a workshop or a learning visit, with its places."""

    class Kind(models.TextChoices):
        WORKSHOP = "atelier", "Atelier"
        VISIT = "visite", "Visite apprenante"
        PLENARY = "pleniere", "Plénière"
        MEAL = "repas", "Repas"

    page = ParentalKey(MeetingReportPage, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(
        "intitulé", max_length=255, help_text="Ex. : Visite de la recyclerie Le Grenier"
    )
    kind = models.CharField(
        "type",
        max_length=10,
        choices=Kind.choices,
        default=Kind.VISIT,
        help_text="Affiché devant l'intitulé dans le formulaire d'inscription.",
    )
    start_time = models.TimeField("début", null=True, blank=True, help_text="Ex. : 14:00")
    end_time = models.TimeField("fin", null=True, blank=True, help_text="Ex. : 16:00")
    capacity = models.PositiveIntegerField(
        "places", null=True, blank=True, help_text="Vide : sans limite."
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time"), FieldPanel("capacity")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "session"
        verbose_name_plural = "sessions"

    def __str__(self) -> str:
        return self.title

    @property
    def hours(self) -> str:
        if not self.start_time:
            return ""
        start, end = (
            dateformat.time_format(t, r"G\hi") if t else ""
            for t in (self.start_time, self.end_time)
        )
        return f"{start}–{end}" if end else start


class MeetingOrganisation(Orderable):
    class Role(models.TextChoices):
        ORGANISER = "organiser", "Organisateur"
        CO_ORGANISER = "co_organiser", "Co-organisateur"
        HOST = "host", "Accueil"
        SUPPORTER = "supporter", "Avec le soutien de"
        FUNDER = "funder", "Partenaire financier"
        PARTNER = "partner", "Partenaire"

    PLURALS = {
        "organiser": "Organisateurs",
        "co_organiser": "Co-organisateurs",
        "host": "Accueil",
        "supporter": "Avec le soutien de",
        "funder": "Partenaires financiers",
        "partner": "Partenaires",
    }

    page = ParentalKey(MeetingReportPage, on_delete=models.CASCADE, related_name="organisations")
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.CASCADE,
        related_name="meeting_roles",
        verbose_name="organisation",
        help_text="Choisir dans l'annuaire ; le logo de l'organisation s'affiche s'il est renseigné.",
    )
    role = models.CharField(
        "rôle",
        max_length=20,
        choices=Role.choices,
        default=Role.ORGANISER,
        help_text="Les logos sont regroupés par rôle sur la page.",
    )

    panels = [FieldRowPanel([FieldPanel("organisation"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        verbose_name = "organisation de la rencontre"
        verbose_name_plural = "organisations de la rencontre"

    @classmethod
    def role_heading(cls, role: str, count: int) -> str:
        return cls.PLURALS[role] if count > 1 else cls.Role(role).label


class MeetingSpeaker(Orderable):
    page = ParentalKey(MeetingReportPage, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey(
        "actors.Person",
        on_delete=models.CASCADE,
        related_name="talks",
        verbose_name="personne",
        help_text="Choisir dans l'annuaire des personnes (ou l'y ajouter).",
    )
    role = models.CharField(
        "rôle dans la rencontre",
        max_length=255,
        blank=True,
        help_text="Ex. : accueil, témoignage atelier 1",
    )
    position = models.CharField(
        "fonction ce jour-là",
        max_length=255,
        blank=True,
        help_text="Si elle diffère de la fonction enregistrée pour la personne.",
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="au titre de",
        help_text="Par défaut : l'organisation de la personne.",
    )

    panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("position"), FieldPanel("organisation")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "intervenant·e"
        verbose_name_plural = "intervenant·es"
