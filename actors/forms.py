"""The admin forms of organisations and people: the directory's edit screens (actors/wagtail_hooks.py) and the
« Créer » tab of the choosers (actors/choosers.py) share them, so that a SIRET is read the same way everywhere."""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from actors.models import Organisation, Person
from actors.siret import normalize, siret_error
from taxonomy.models import Territory


class SiretField(forms.CharField):
    """A SIRET (or SIREN) typed or pasted as people write it, « 123 456 789 01234 »: the spaces, dots and dashes
    do not count toward its 14 digits (no `maxlength` cuts a paste); stored as digits only."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "SIRET")
        kwargs.setdefault(
            "help_text",
            "14 chiffres (ou le SIREN, 9 chiffres) ; espaces et points acceptés, ex. : 123 456 789 00012.",
        )
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "autocomplete": "off",
                    "size": 20,
                    "placeholder": "123 456 789 00012",
                    "class": "siret-input",
                }
            ),
        )
        super().__init__(max_length=40, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        if error := siret_error(value):
            raise forms.ValidationError(error[0].upper() + error[1:] + ".")
        return normalize(value)


class OrganisationForm(WagtailAdminModelForm):
    siret = SiretField()


def _one(candidates: list, typed: str, kind: str, missing: str):
    """The one row the editor meant, or a French error naming the candidates to tell apart."""
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise forms.ValidationError(f"Aucun(e) {kind} ne correspond à « {typed} ». {missing}")
    names = " ; ".join(str(c) for c in candidates[:5])
    raise forms.ValidationError(f"Plusieurs réponses pour « {typed} » : {names}. Précisez.")


class OrganisationCreationForm(OrganisationForm):
    """The chooser's « Créer » tab: what identifies a missing organisation; the rest is completed in the
    directory. The commune is typed (name, postal code or INSEE code): a chooser cannot open inside a chooser."""

    commune_text = forms.CharField(
        label="Commune",
        required=False,
        max_length=100,
        help_text="Nom, code postal ou code INSEE, ex. : Ramonville-Saint-Agne ou 31520.",
    )

    class Meta:
        model = Organisation
        fields = ["name", "acronym", "category", "legal_form", "siret", "website"]

    def clean_commune_text(self):
        typed = " ".join(self.cleaned_data.get("commune_text", "").split())
        if not typed:
            return None
        communes = Territory.objects.search(typed).filter(level=Territory.Level.COMMUNE)
        exact = [
            c
            for c in communes[:50]
            if c.name.casefold() == typed.casefold() or typed in c.postal_codes.split(",")
        ]
        found = exact if len(exact) == 1 else list(communes[:6])
        return _one(found, typed, "commune", "Vérifiez l'orthographe ou tapez le code postal.")

    def save(self, commit: bool = True):
        self.instance.commune = self.cleaned_data.get("commune_text")
        return super().save(commit)


class PersonCreationForm(WagtailAdminModelForm):
    """The person chooser's « Créer » tab: a speaker's name, position and organisation; contact details and consent
    are recorded in the directory (« Personnes et contacts »). The organisation is typed (name or acronym)."""

    organisation_text = forms.CharField(
        label="Organisation",
        required=False,
        max_length=255,
        help_text="Nom ou sigle d'une organisation de l'annuaire, ex. : RTES.",
    )

    class Meta:
        model = Person
        fields = ["name", "position"]

    def clean_organisation_text(self):
        typed = " ".join(self.cleaned_data.get("organisation_text", "").split())
        if not typed:
            return None
        matching = list(Organisation.objects.matching(typed)[:50])
        exact = [
            o for o in matching if typed.casefold() in (o.name.casefold(), o.acronym.casefold())
        ]
        found = exact if len(exact) == 1 else matching[:6]
        return _one(
            found,
            typed,
            "organisation",
            "Créez-la d'abord (« Choisir une organisation », onglet « Créer »), ou laissez vide.",
        )

    def save(self, commit: bool = True):
        self.instance.organisation = self.cleaned_data.get("organisation_text")
        return super().save(commit)
