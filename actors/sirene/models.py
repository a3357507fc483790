"""What the register says of an organisation (one row per establishment, SIRET unique) and how many active
establishments, ESS or not, each commune has (the denominator of the portrait's share).

Kept apart from Organisation: the register's fields are refreshed by every import, the organisation's own
(name once an editor changed it, text, themes, contacts) are the editors'. The codes the directory filters on
are copied onto the organisation (REGISTER_CODES). Imported by actors/models.py.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models

from actors.sirene import labels

# The register's codes the directory filters on, copied onto the organisation: its field, this record's field.
REGISTER_CODES = {
    "register_family": "family",
    "register_sector": "sector",
    "register_size": "size_band",
}


def register_codes(entry: Mapping | None) -> dict[str, str]:
    """The organisation's copy of these register values (a record's fields, or the import's row); blank
    without a record."""
    return {field: entry[source] if entry else "" for field, source in REGISTER_CODES.items()}


class RegisterEntry(models.Model):
    organisation = models.OneToOneField(
        "actors.Organisation",
        on_delete=models.CASCADE,
        related_name="register",
        verbose_name="organisation",
    )
    siret = models.CharField("SIRET", max_length=14, unique=True)
    siren = models.CharField("SIREN", max_length=9, db_index=True)
    legal_category = models.CharField("catégorie juridique (INSEE)", max_length=4, blank=True)
    family = models.CharField(
        "famille juridique", max_length=16, choices=list(labels.FAMILIES.items()), default="autre"
    )
    naf = models.CharField("activité (NAF rév. 2)", max_length=6, blank=True)
    naf_2025 = models.CharField("activité (NAF 2025)", max_length=7, blank=True)
    sector = models.CharField("secteur", max_length=8, blank=True)
    size_band = models.CharField("tranche d'effectif", max_length=2, blank=True)
    partially_diffusible = models.BooleanField("diffusion partielle", default=False)
    active = models.BooleanField("ouvert", default=True)
    closed_on = models.DateField("fermé le", null=True, blank=True)
    approximate = models.BooleanField("position approximative", default=True)
    # The name the register last gave the organisation; an organisation whose name differs was named by an
    # editor (or existed before the import): its name is then never changed by the register.
    register_name = models.CharField(max_length=255, blank=True, editable=False)

    class Meta:
        verbose_name = "fiche du répertoire Sirene"
        verbose_name_plural = "fiches du répertoire Sirene"
        # (active, …): the portrait's counts. The directory's filters (famille, activite, taille) read the
        # organisation's copy of the codes (REGISTER_CODES) and its indexes.
        indexes = [
            models.Index(fields=["active", "family"], name="actors_reg_active_family_idx"),
            models.Index(fields=["active", "sector"], name="actors_reg_active_sector_idx"),
            models.Index(fields=["active", "size_band"], name="actors_reg_active_size_idx"),
        ]

    def __str__(self) -> str:
        return self.siret

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # The organisation's copy of the codes (the register import updates it in bulk itself).
        organisations = self._meta.get_field("organisation").related_model.objects
        organisations.filter(pk=self.organisation_id).update(**register_codes(vars(self)))

    @property
    def family_label(self) -> str:
        return labels.FAMILIES.get(self.family, "")

    @property
    def sector_label(self) -> str:
        return labels.SECTORS.get(self.sector, "")

    @property
    def size_label(self) -> str:
        return labels.SIZE_BANDS.get(self.size_band, "")


class EstablishmentCount(models.Model):
    """Active establishments of every kind in a commune, counted from the last register file read."""

    commune = models.OneToOneField("taxonomy.Territory", on_delete=models.CASCADE, related_name="+")
    active = models.PositiveIntegerField("établissements actifs")

    class Meta:
        verbose_name = "nombre d'établissements d'une commune"

    def __str__(self) -> str:
        return f"{self.commune_id} : {self.active}"
