"""Search analytics kept beside Wagtail's own query counts (wagtail.contrib.search_promotions)."""

from django.db import models


class QueryStat(models.Model):
    """How often a query was searched on a day, and how often it found nothing."""

    query = models.ForeignKey("wagtailsearchpromotions.Query", on_delete=models.CASCADE, related_name="result_stats",
                              verbose_name="recherche")
    date = models.DateField("jour", db_index=True)
    searches = models.PositiveIntegerField("recherches", default=0)
    empty_searches = models.PositiveIntegerField("recherches sans résultat", default=0)
    last_count = models.PositiveIntegerField("nombre de résultats (dernière fois)", default=0)

    class Meta:
        verbose_name = "statistique de recherche"
        verbose_name_plural = "statistiques de recherche"
        constraints = [models.UniqueConstraint(fields=["query", "date"], name="unique_query_stat_per_day")]

    def __str__(self) -> str:
        return f"{self.query} ({self.date})"
