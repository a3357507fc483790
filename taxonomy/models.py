"""Shared vocabularies: themes (sectors) and territories (region ⊃ department ⊃ EPCI ⊃ commune).

The lowest app of the project: resources, actors and search tag their rows with these models, and this app
imports none of them. A territory is named in URLs, filters and the index by its key, "<level>-<code>"
("department-31", "epci-243100633"): `Territory.from_key()` and `Territory.objects.for_keys()` are the only
parsers of keys, and `LEVELS` the only level order (largest first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel


class Theme(models.Model):
    """A managed vocabulary (alimentation, réemploi, insertion…) shared by resources and actors."""

    name = models.CharField(
        "nom", max_length=100, unique=True, help_text="Ex. : Alimentation, Réemploi, Tiers-lieux"
    )
    slug = models.SlugField(
        max_length=100,
        unique=True,
        blank=True,
        help_text="Utilisé dans les adresses (laisser vide : calculé).",
    )
    description = models.TextField(
        "description", blank=True, help_text="Ce que recouvre le thème (facultatif)."
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        verbose_name = "thème"
        verbose_name_plural = "thèmes"
        ordering = ["name"]
        db_table = "resources_theme"  # created by the resources app before taxonomy existed

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class TerritoryQuerySet(models.QuerySet):
    def largest_first(self) -> TerritoryQuerySet:
        """Regions, then departments, EPCIs and communes, each by name."""
        return self.annotate(level_rank=level_rank_expression()).order_by("level_rank", "name")

    def for_keys(self, keys: Iterable[str]) -> TerritoryQuerySet:
        """The territories named by these keys ("department-31"…); malformed or unknown keys are left out."""
        codes: dict[str, set[str]] = {}
        for key in keys:
            if parsed := parse_key(key):
                codes.setdefault(parsed[0], set()).add(parsed[1])
        if not codes:
            return self.none()
        condition = Q()
        for level, level_codes in codes.items():
            condition |= Q(level=level, code__in=sorted(level_codes))
        return self.filter(condition)

    def search(self, query: str) -> TerritoryQuerySet:
        """Territories whose name contains the query, or whose INSEE/SIREN code or a postal code is the query;
        postal codes first (« 31520 » is Ramonville-Saint-Agne's postal code before it is Sajas's INSEE code),
        then larger levels first, each by name."""
        query = " ".join(query.split())[:100]
        if not query:
            return self
        postal = postal_code_match(query)
        postal_first = models.Case(
            models.When(postal, then=0), default=1, output_field=models.IntegerField()
        )
        return self.filter(Q(name__icontains=query) | Q(code__iexact=query) | postal).order_by(
            postal_first, level_rank_expression(), "name"
        )


def level_rank_expression() -> models.Case:
    """0 for a region … 3 for a commune, in SQL (the order of `LEVELS`)."""
    return models.Case(
        *(models.When(level=level, then=i) for i, level in enumerate(LEVELS)),
        output_field=models.IntegerField(),
    )


def postal_code_match(code: str, field: str = "postal_codes") -> Q:
    """Territories one of whose postal codes (stored comma-separated) is exactly `code` (`field`: the path to
    them from another model, e.g. "commune__postal_codes")."""
    return (
        Q(**{field: code})
        | Q(**{f"{field}__startswith": f"{code},"})
        | Q(**{f"{field}__endswith": f",{code}"})
        | Q(**{f"{field}__contains": f",{code},"})
    )


class Territory(models.Model):
    class Level(models.TextChoices):
        REGION = "region", "Région"
        DEPARTMENT = "department", "Département"
        EPCI = "epci", "EPCI"
        COMMUNE = "commune", "Commune"

    level = models.CharField("niveau", max_length=12, choices=Level.choices)
    code = models.CharField(
        "code officiel", max_length=12, help_text="Code INSEE (ou SIREN pour un EPCI)."
    )
    name = models.CharField("nom", max_length=200)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="territoire parent",
    )
    # Materialised path of keys from the region down to this territory, e.g. "/region-76/department-31/".
    path = models.CharField(max_length=255, db_index=True, editable=False)
    postal_codes = models.CharField("codes postaux", max_length=255, blank=True)
    population = models.PositiveIntegerField("population", null=True, blank=True)
    # Approximate centre for the maps (see taxonomy/centres.py); an actor without coordinates is shown there.
    latitude = models.FloatField("latitude du centre", null=True, blank=True)
    longitude = models.FloatField("longitude du centre", null=True, blank=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = "territoire"
        verbose_name_plural = "territoires"
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="unique_territory_code")
        ]
        db_table = "actors_territory"  # created by the actors app before taxonomy existed

    def __str__(self) -> str:
        if self.level == self.Level.COMMUNE:
            return f"{self.name} ({self.codes_label})"
        return self.name

    @property
    def codes_label(self) -> str:
        """A commune's codes, each named: « CP 31520, INSEE 31446 » (an INSEE code is no postal code: Sajas is
        INSEE 31520 but CP 31370); several postal codes are shortened after the first three."""
        postal = [code for code in self.postal_codes.split(",") if code]
        shown = ", ".join(postal[:3]) + ("…" if len(postal) > 3 else "")
        return f"CP {shown}, INSEE {self.code}" if postal else f"INSEE {self.code}"

    @property
    def postal_codes_display(self) -> str:
        return ", ".join(code for code in self.postal_codes.split(",") if code)

    @property
    def key(self) -> str:
        return f"{self.level}-{self.code}"

    @classmethod
    def from_key(cls, key: str | None) -> Territory | None:
        """The territory of a key such as "department-31"; None for an unknown or malformed key."""
        parsed = parse_key(key)
        return cls.objects.filter(level=parsed[0], code=parsed[1]).first() if parsed else None

    @property
    def map_zoom(self) -> int:
        """The map zoom that shows the whole territory around its centre."""
        return {"region": 7, "department": 9, "epci": 11}.get(self.level, 13)

    def compute_path(self) -> str:
        if not self.parent_id:
            return f"/{self.key}/"
        prefix = self.parent.path
        if self.level == self.Level.COMMUNE and self.parent.level == self.Level.EPCI:
            # An EPCI may straddle departments: the commune's path runs through its own department, so that
            # it belongs to every level above it (see `commune_path`).
            department = Territory.objects.filter(
                level=self.Level.DEPARTMENT, code=department_code(self.code)
            ).first()
            if department is not None:
                return commune_path(department.path, self.parent.path, self.code)
        return f"{prefix}{self.key}/"

    def save(self, *args, **kwargs):
        self.path = self.compute_path()
        super().save(*args, **kwargs)

    def ancestor_keys(self) -> list[str]:
        """Keys of this territory and every level above it."""
        return [part for part in self.path.split("/") if part]

    def descendants(self, include_self: bool = True) -> TerritoryQuerySet:
        condition = Q(path__startswith=self.path)
        if self.level == self.Level.EPCI:
            condition |= Q(parent=self)  # member communes of another department than the EPCI's
        qs = Territory.objects.filter(condition)
        return qs if include_self else qs.exclude(pk=self.pk)


# The level order, largest first: the one order of levels for lists, facets and the loader.
LEVELS: tuple[str, ...] = tuple(Territory.Level.values)
# A territory key, "<level>-<code>": the level, then an INSEE code (SIREN for an EPCI).
TERRITORY_KEY = re.compile(rf"({'|'.join(LEVELS)})-([0-9A-Za-z]{{1,12}})")


def parse_key(key: str | None) -> tuple[str, str] | None:
    """(level, code) of a well-formed key ("epci-243100633" → ("epci", "243100633")), else None (NUL bytes and
    surrounding spaces included: nothing malformed reaches a query)."""
    match = TERRITORY_KEY.fullmatch((key or "").strip())
    return (match[1], match[2]) if match else None


def level_rank(level: str) -> int:
    """0 for a region, 1 for a department, 2 for an EPCI, 3 for a commune (unknown levels first)."""
    return LEVELS.index(level) if level in LEVELS else 0


def department_code(commune_code: str) -> str:
    """The department of a commune from its INSEE code: 31446 → 31, 2A004 → 2A, 97411 → 974."""
    return commune_code[:3] if commune_code[:2] in ("97", "98") else commune_code[:2]


def commune_path(department_path: str, epci_path: str, commune_code: str) -> str:
    """Path of a commune in an EPCI: its own department, then the EPCI, then the commune."""
    epci_key = [part for part in epci_path.split("/") if part][-1]
    return f"{department_path}{epci_key}/commune-{commune_code}/"
