from django.db import models
from django.utils.text import slugify


class Theme(models.Model):
    """A managed vocabulary (alimentation, réemploi, insertion…) shared by resources and actors."""

    name = models.CharField("nom", max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField("description", blank=True)

    class Meta:
        verbose_name = "thème"
        verbose_name_plural = "thèmes"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)
