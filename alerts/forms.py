from __future__ import annotations

from django import forms

from alerts.models import Frequency
from alerts.saved import SavedSearch


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Votre adresse électronique",
        max_length=254,
        error_messages={
            "required": "Indiquez votre adresse électronique.",
            "invalid": "Cette adresse électronique n'est pas valide (exemple : prenom.nom@mairie.fr).",
        },
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "placeholder": "prenom.nom@mairie.fr"}
        ),
    )
    frequency = forms.ChoiceField(
        label="Fréquence",
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez une fréquence.",
            "invalid_choice": "Choisissez une fréquence.",
        },
    )
    recherche = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        max_length=4000,
        error_messages={"max_length": "Cette recherche est trop longue pour une alerte."},
    )

    def clean_recherche(self) -> SavedSearch:
        saved = SavedSearch.from_query_string(self.cleaned_data.get("recherche") or "")
        if saved.is_empty:
            raise forms.ValidationError(
                "Lancez d'abord une recherche (des mots ou un filtre) avant de créer une alerte."
            )
        return saved
