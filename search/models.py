"""Search analytics kept beside Wagtail's own query counts (wagtail.contrib.search_promotions), and the synonym list."""

from django.core.exceptions import ValidationError
from django.db import models

from search.analysis import analyze


def split_terms(text: str) -> tuple[str, ...]:
    """The distinct comma-separated terms of one synonym group, in their written order."""
    return tuple(dict.fromkeys(" ".join(item.split()) for item in text.split(",") if item.strip()))


class QueryStat(models.Model):
    """How often a query was searched on a day, and how often it found nothing."""

    query = models.ForeignKey(
        "wagtailsearchpromotions.Query",
        on_delete=models.CASCADE,
        related_name="result_stats",
        verbose_name="recherche",
    )
    date = models.DateField("jour", db_index=True)
    searches = models.PositiveIntegerField("recherches", default=0)
    empty_searches = models.PositiveIntegerField("recherches sans résultat", default=0)
    last_count = models.PositiveIntegerField("nombre de résultats (dernière fois)", default=0)
    # distinct visitors that day, counted without keeping them (search.query_log.new_visitor)
    visitors = models.PositiveIntegerField("visiteurs distincts", default=0)

    class Meta:
        verbose_name = "statistique de recherche"
        verbose_name_plural = "statistiques de recherche"
        constraints = [
            models.UniqueConstraint(fields=["query", "date"], name="unique_query_stat_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.query} ({self.date})"


class SynonymGroup(models.Model):
    """Words and phrases the public search treats as one (acronyms and their expansions), applied at query time."""

    terms = models.CharField(
        "termes équivalents",
        max_length=1000,
        help_text="Séparés par des virgules, par exemple « ess, économie sociale et solidaire ». Chaque terme "
        "trouve aussi les autres, dans les deux sens. Effet immédiat, sans réindexation.",
    )
    source = models.CharField(
        "source",
        max_length=300,
        blank=True,
        help_text="Le texte qui définit ces termes, par exemple « loi n° 2014-856 du 31 juillet 2014, art. 1 » "
        "ou « code du travail, art. L5132-15 ».",
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "groupe de synonymes"
        verbose_name_plural = "synonymes de recherche"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.terms

    def clean(self) -> None:
        terms = split_terms(self.terms or "")
        empty = [t for t in terms if not analyze(t)]
        if empty:
            raise ValidationError(
                {
                    "terms": "Ces termes ne contiennent aucun mot cherchable (mots vides ou "
                    f"ponctuation seule) : {', '.join(empty)}."
                }
            )
        if (
            len({tuple(analyze(t)) for t in terms}) < 2
        ):  # "Tiers lieux" is the same term as "tiers lieu"
            raise ValidationError(
                {"terms": "Indiquez au moins deux termes différents, séparés par des virgules."}
            )
        self.terms = ", ".join(terms)
