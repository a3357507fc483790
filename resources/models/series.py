"""The clubs or series that meetings belong to (themes and territories live in the taxonomy app)."""

from django.db import models
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel


class MeetingSeries(models.Model):
    """A club or series of meetings (e.g. « Club des collectivités pour l'ESS en Occitanie »)."""

    name = models.CharField(
        "nom",
        max_length=255,
        unique=True,
        help_text="Ex. : Club des collectivités pour l'ESS en Occitanie",
    )
    slug = models.SlugField(
        max_length=255, unique=True, blank=True, help_text="Laisser vide : calculé à partir du nom."
    )
    description = models.TextField(
        "description", blank=True, help_text="Objet du club, public, rythme des rencontres."
    )
    territory = models.ForeignKey(
        "taxonomy.Territory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="territoire",
        help_text="Le territoire du club (souvent une région).",
    )
    coordinators = models.ManyToManyField(
        "actors.Organisation",
        blank=True,
        related_name="meeting_series",
        verbose_name="animé par",
        help_text="Les organisations qui animent le club (ex. : RTES, CRESS).",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("territory"),
        FieldPanel("coordinators"),
    ]

    class Meta:
        verbose_name = "club ou cycle de rencontres"
        verbose_name_plural = "clubs et cycles de rencontres"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:255]
        super().save(*args, **kwargs)
