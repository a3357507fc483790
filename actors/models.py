"""Organisations and people, placed in territories (taxonomy.Territory) and tagged with themes.

Organisations are one model for every kind: local authorities, networks, funders and ESS actors alike,
so that a meeting's organisers and the directory's actors are the same rows.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from wagtail.search import index

from actors import word_index
from actors.siret import normalize, siret_error
from core import structured_data as sd
from core.accents import LETTER_FOLDS, accent_insensitive_pattern
from taxonomy.models import Territory, postal_code_match


class Label(models.Model):
    """An ESS agreement (agrément ESUS, IAE…) or label an actor holds."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", "Agrément"
        LABEL = "label", "Label"

    name = models.CharField("nom", max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    kind = models.CharField("type", max_length=12, choices=Kind.choices, default=Kind.LABEL)
    description = models.TextField("description", blank=True)

    class Meta:
        verbose_name = "agrément ou label"
        verbose_name_plural = "agréments et labels"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Label, self.name)
        super().save(*args, **kwargs)


def _query_words(query: str) -> list[str]:
    return " ".join(query.replace("\x00", " ").split())[:100].split()


class OrganisationQuerySet(models.QuerySet):
    def with_word_starts(
        self, words: list[str], common: bool | None = None
    ) -> OrganisationQuerySet:
        """Organisations having, for each of `words` (folded, see folded_words), a word of search_text that starts
        with it: `search_text LIKE '% word%'`, narrowed first by the database's word index (actors.word_index;
        `common`: its is_common answer when the caller already asked it)."""
        words = word_index.words_only(words)
        if not words:
            return self
        qs = self
        for word in words:
            qs = qs.filter(search_text__contains=f" {word}")
        indexed = word_index.condition(connection, words, common)
        return qs if indexed is None else qs.filter(indexed)

    def matching(self, query: str) -> OrganisationQuerySet:
        """Organisations whose name, acronym (usual name, e.g. « RTES », « CRESS Occitanie »), commune, postal code
        or SIRET contains every word of the query, accents and case optional (the choosers' search)."""
        words = _query_words(query)
        if words and normalize("".join(words)).isdigit():  # a number, spaced as people write SIRETs
            number = normalize("".join(words))
            return self.filter(
                Q(siret__startswith=number)
                | Q(postal_code=number)
                | postal_code_match(number, "commune__postal_codes")
            )
        qs = self
        for word in words:
            pattern = accent_insensitive_pattern(word)
            qs = qs.filter(
                Q(name__iregex=pattern)
                | Q(acronym__iregex=pattern)
                | Q(commune__name__iregex=pattern)
            )
        return qs


class PersonQuerySet(models.QuerySet):
    def matching(self, query: str) -> PersonQuerySet:
        """People whose name, position or organisation (name or acronym) contains every word of the query,
        accents and case optional (the chooser's search)."""
        qs = self
        for word in _query_words(query):
            pattern = accent_insensitive_pattern(word)
            qs = qs.filter(
                Q(name__iregex=pattern)
                | Q(position__iregex=pattern)
                | Q(organisation__name__iregex=pattern)
                | Q(organisation__acronym__iregex=pattern)
            )
        return qs


class Organisation(index.Indexed, models.Model):
    class Category(models.TextChoices):
        AUTHORITY = "authority", "Collectivité"
        NETWORK = "network", "Réseau"
        FUNDER = "funder", "Financeur"
        ESS_ACTOR = "ess_actor", "Acteur de l'ESS"
        OTHER = "other", "Autre"

    class LegalForm(models.TextChoices):
        ASSOCIATION = "association", "Association"
        SCOP = "scop", "SCOP"
        SCIC = "scic", "SCIC"
        COOPERATIVE = "cooperative", "Coopérative"
        MUTUELLE = "mutuelle", "Mutuelle"
        FONDATION = "fondation", "Fondation"
        ESUS = "esus", "Entreprise ESUS"
        ACI = "aci", "Atelier et chantier d'insertion (ACI)"
        AI = "ai", "Association intermédiaire (AI)"
        EI = "ei", "Entreprise d'insertion (EI)"
        ETTI = "etti", "Entreprise de travail temporaire d'insertion (ETTI)"
        EITI = "eiti", "Entreprise d'insertion par le travail indépendant (EITI)"
        SIAE = "siae", "Autre SIAE"
        PTCE = "ptce", "PTCE"
        COLLECTIVITE = "collectivite", "Collectivité territoriale"
        AUTRE = "autre", "Autre"

    name = models.CharField("nom", max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    acronym = models.CharField("sigle", max_length=50, blank=True)
    category = models.CharField(
        "catégorie", max_length=20, choices=Category.choices, default=Category.ESS_ACTOR
    )
    legal_form = models.CharField(
        "forme juridique", max_length=20, choices=LegalForm.choices, blank=True
    )
    siret = models.CharField(
        "SIRET",
        max_length=14,
        blank=True,
        db_index=True,
        help_text="14 chiffres (ou SIREN, 9 chiffres), sans espace.",
    )
    description = models.TextField("description", blank=True)
    address = models.CharField("adresse", max_length=255, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    commune = models.ForeignKey(
        Territory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        limit_choices_to={"level": Territory.Level.COMMUNE},
        verbose_name="commune",
    )
    territory = models.ForeignKey(
        Territory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authorities",
        help_text="Pour une collectivité : le territoire qu'elle administre.",
        verbose_name="territoire administré",
    )
    # Path of the commune (else of the administered territory), kept by save(), the CSV import and
    # load_territories: "in territory T" is then an indexed prefix condition on this table, fast at any scale.
    territory_path = models.CharField(max_length=255, blank=True, editable=False)
    # The name as French readers sort it (see `sort_key`): lists are ordered on it in every database.
    sort_name = models.CharField(max_length=255, blank=True, editable=False)
    # What the directory's search reads (search_text()): accents and case never decide whether a word matches.
    search_text = models.TextField(blank=True, editable=False)
    # The register's codes (actors/sirene/: legal family, NAF section, size band), copied from its record by the
    # register import, RegisterEntry.save() and save(), blank without one: the directory filters on them with
    # this table's indexes alone (see Meta), without joining the register's table at hundreds of thousands of rows.
    register_family = models.CharField(max_length=16, blank=True, editable=False)
    register_sector = models.CharField(max_length=8, blank=True, editable=False)
    register_size = models.CharField(max_length=2, blank=True, editable=False)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    website = models.URLField("site web", blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    themes = models.ManyToManyField(
        "taxonomy.Theme", blank=True, related_name="organisations", verbose_name="thèmes / secteurs"
    )
    networks = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="members",
        verbose_name="réseaux et collectifs",
    )
    labels = models.ManyToManyField(
        Label, blank=True, related_name="organisations", verbose_name="agréments et labels"
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("category"),
        index.FilterField("legal_form"),
    ]

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["sort_name", "pk"]
        # (territory_path, …) indexes answer "in territory T" (a prefix of territory_path) with the list's
        # order or the counts by legal form without reading the table; varchar_pattern_ops lets PostgreSQL
        # use them for LIKE 'prefix%' (other databases ignore opclasses).
        indexes = [
            models.Index(fields=["sort_name"], name="actors_org_sort_idx"),
            models.Index(fields=["legal_form", "sort_name"], name="actors_org_form_sort_idx"),
            models.Index(
                fields=["territory_path", "sort_name"],
                name="actors_org_place_sort_idx",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
            models.Index(
                fields=["territory_path", "legal_form"],
                name="actors_org_place_form_idx",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
            *(
                models.Index(
                    fields=[code, "territory_path", "sort_name", "id"],
                    name=f"actors_org_{code.removeprefix('register_')}_idx",
                    opclasses=["", "varchar_pattern_ops", "", ""],
                )
                for code in ("register_family", "register_sector", "register_size")
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organisation, self.name, reserved=RESERVED_SLUGS)
        self.territory_path = organisation_path(
            self.commune.path if self.commune_id else "",
            self.territory.path if self.territory_id else "",
        )
        self.sort_name = sort_key(self.name)
        self.search_text = search_text(self.name, self.acronym, self.description)
        # The register's codes are its record's, whatever this instance held when it was read.
        record = None
        if self.pk:
            record = RegisterEntry.objects.filter(organisation_id=self.pk)
            record = record.values(*REGISTER_CODES.values()).first()
        for field, value in register_codes(record).items():
            setattr(self, field, value)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "territory_path",
                "sort_name",
                "search_text",
                *REGISTER_CODES,
            }
        super().save(*args, **kwargs)

    @property
    def position(self) -> tuple[float, float, bool] | None:
        """(latitude, longitude, approximate): its own coordinates, else its commune's centre, else None."""
        if self.latitude is not None and self.longitude is not None:
            return float(self.latitude), float(self.longitude), False
        commune = self.commune if self.commune_id else None
        if commune is not None and commune.latitude is not None and commune.longitude is not None:
            return commune.latitude, commune.longitude, True
        return None

    def get_absolute_url(self) -> str:
        return reverse("actors:detail", args=[self.slug])

    def structured_data(self, request) -> dict:
        """This actor as a schema.org Organization, its SIRET as identifier (JSON-LD of its page)."""
        position = self.position
        identifiers = self.identifiers()
        return sd.compact(
            {
                "@type": "Organization",
                "@id": sd.absolute(request, self.get_absolute_url()),
                "url": sd.absolute(request, self.get_absolute_url()),
                "name": self.name,
                "alternateName": self.acronym or None,
                "description": self.description or None,
                "sameAs": self.website or None,
                "identifier": identifiers[0] if len(identifiers) == 1 else identifiers or None,
                "address": sd.compact(
                    {
                        "@type": "PostalAddress",
                        "streetAddress": self.address or None,
                        "postalCode": self.postal_code or None,
                        "addressLocality": self.commune.name if self.commune_id else None,
                        "addressCountry": "FR",
                    }
                ),
                "location": {
                    "@type": "Place",
                    "geo": {
                        "@type": "GeoCoordinates",
                        "latitude": position[0],
                        "longitude": position[1],
                    },
                }
                if position and not position[2]
                else None,
                "areaServed": sd.place(self.territory) if self.territory_id else None,
                "keywords": ", ".join(t.name for t in self.themes.all()) or None,
                "logo": sd.absolute(request, self.logo.get_rendition("max-400x400").url)
                if self.logo_id
                else None,
            }
        )

    def identifiers(self) -> list[dict]:
        """schema.org PropertyValues: SIRET (or SIREN), and from the register its SIREN and activity (NAF)."""
        values = []
        if self.siret:
            values.append(
                {
                    "@type": "PropertyValue",
                    "propertyID": "SIRET" if len(self.siret) == 14 else "SIREN",
                    "value": self.siret,
                }
            )
        entry = RegisterEntry.objects.filter(organisation=self).first() if self.pk else None
        if entry is not None:
            if len(self.siret) == 14:
                values.append(
                    {"@type": "PropertyValue", "propertyID": "SIREN", "value": entry.siren}
                )
            if entry.naf or entry.naf_2025:
                values.append(
                    {
                        "@type": "PropertyValue",
                        "propertyID": "NAF" if entry.naf else "NAF 2025",
                        "value": entry.naf or entry.naf_2025,
                    }
                )
        return values

    def clean(self) -> None:
        if self.siret:
            error = siret_error(self.siret)
            if error:
                raise ValidationError({"siret": error})
            self.siret = normalize(self.siret)
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError("Indiquez la latitude et la longitude, ou aucune des deux.")


class Person(models.Model):
    """A person: speaker on resource pages and, with consent, contact of an organisation (RGPD)."""

    name = models.CharField("nom", max_length=200)
    position = models.CharField("fonction", max_length=255, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        verbose_name="organisation",
    )
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    consent = models.BooleanField(
        "consentement",
        default=False,
        help_text=(
            "La personne accepte que ses coordonnées soient utilisées pour la mobilisation des acteurs."
        ),
    )
    consent_date = models.DateField(
        "date du consentement",
        null=True,
        blank=True,
        help_text="Date du recueil (ou du retrait) du consentement.",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "personne"
        verbose_name_plural = "personnes"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation_id else self.name

    def clean(self) -> None:
        if self.consent and not self.consent_date:
            raise ValidationError({"consent_date": "Indiquez la date du recueil du consentement."})


def folded_words(text: str) -> str:
    """Lowercase words without accents nor punctuation: « L'Économie » → "l economie", « Œuvre » → "oeuvre"."""
    folded = unicodedata.normalize("NFKD", text.translate(LETTER_FOLDS))
    folded = folded.encode("ascii", "ignore").decode().casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", folded).split())


def sort_key(name: str) -> str:
    """French reading order: « Élan » beside « Elan », « atelier » beside « Atelier », quotes and
    leading punctuation ignored (« "La Fabrique" » sorts under L)."""
    return folded_words(name)[:255]


def search_text(name: str, acronym: str = "", description: str = "") -> str:
    """Organisation.search_text: the folded words of its name, acronym and description, each after a space,
    so that the directory's search finds a typed word at the start of any of them (actors.filters.typed_words)."""
    return " " + folded_words(" ".join((name or "", acronym or "", description or ""))) + " "


def organisation_path(commune_path: str, territory_path: str) -> str:
    """The value of Organisation.territory_path: where the organisation is (its commune, else the territory
    it administers)."""
    return commune_path or territory_path or ""


# Slugs an organisation cannot take: they are paths of the directory (/acteurs/territoire/…).
RESERVED_SLUGS = frozenset({"territoire", "export", "carte"})


def unique_slug(
    model: type[models.Model], text: str, field: str = "slug", reserved: frozenset = frozenset()
) -> str:
    base = slugify(text)[:240] or "sans-nom"
    slug, n = base, 2
    while slug in reserved or model.objects.filter(**{field: slug}).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# The register's records (actors/sirene/): imported here so that Django finds them with the app's models.
from actors.sirene.models import (  # noqa: E402,F401
    REGISTER_CODES,
    EstablishmentCount,
    RegisterEntry,
    register_codes,
)
