from __future__ import annotations

from django import forms

from actors.models import Organisation
from registrations.booking import Places


class RegistrationForm(forms.Form):
    first_name = forms.CharField(
        label="Prénom",
        max_length=100,
        error_messages={"required": "Indiquez votre prénom."},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Nom",
        max_length=100,
        error_messages={"required": "Indiquez votre nom."},
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        error_messages={
            "required": "Indiquez votre adresse électronique.",
            "invalid": "Cette adresse électronique n'est pas valide (exemple : prenom.nom@mairie.fr).",
        },
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "placeholder": "prenom.nom@mairie.fr"}
        ),
    )
    organisation = forms.CharField(
        label="Organisation",
        max_length=255,
        error_messages={"required": "Indiquez votre organisation."},
        help_text="Le nom de votre collectivité ou structure, tel qu'il figure dans l'annuaire ; une organisation "
        "absente de l'annuaire sera proposée à l'équipe.",
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    role = forms.CharField(
        label="Fonction",
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    sessions = forms.TypedMultipleChoiceField(
        label="Sessions et visites",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choisissez au moins une session ou une visite.",
            "invalid_choice": "Cette session n'existe pas (ou plus) : choisissez dans la liste.",
        },
    )
    dietary_needs = forms.CharField(
        label="Régime alimentaire",
        max_length=500,
        required=False,
        help_text="Ex. : végétarien, sans gluten.",
    )
    accessibility_needs = forms.CharField(
        label="Besoins d'accessibilité",
        max_length=500,
        required=False,
        help_text="Ex. : accès en fauteuil, boucle magnétique.",
    )
    listed = forms.BooleanField(
        label="J'accepte que mon nom et mon organisation figurent sur la liste des participant·es remise aux "
        "personnes présentes.",
        required=False,
    )
    # A honeypot: hidden from people (and from assistive technologies), filled by robots.
    website = forms.CharField(
        required=False,
        label="Ne pas remplir ce champ",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, places: list[Places], **kwargs):
        super().__init__(*args, **kwargs)
        sessions = [p for p in places if p.session is not None]
        if sessions:
            self.fields["sessions"].choices = [(p.session.pk, self._label(p)) for p in sessions]
        else:
            del self.fields["sessions"]

    @staticmethod
    def _label(p: Places) -> str:
        hours = f" ({p.session.hours})" if p.session.hours else ""
        if p.capacity is None:
            state = ""
        elif p.full:
            state = " — complet, liste d'attente"
        else:
            state = (
                f" — {p.left} place{'s' if p.left > 1 else ''} restante{'s' if p.left > 1 else ''}"
            )
        return f"{p.session.get_kind_display()} : {p.session.title}{hours}{state}"

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip()

    def directory_organisation(self) -> Organisation | None:
        """The directory's organisation of that name, when there is exactly one."""
        name = self.cleaned_data.get("organisation", "").strip()
        matches = list(Organisation.objects.filter(name__iexact=name)[:2])
        return matches[0] if len(matches) == 1 else None
