"""The choosers of organisations and people, for resource pages and StreamField blocks (territories:
taxonomy/choosers.py).

The directory is managed once, with wagtail-modeladmin (« Annuaire ESS »); these choosers are Wagtail's
generic ChooserViewSets (no snippet registration, so nothing appears twice in the menu). Both search by name,
acronym (usual name), commune or organisation, accents optional (`matching()` of the models), and both have a
« Créer » tab for the organisation or person that is missing (forms in actors/forms.py), shown to editors
allowed to add one.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from actors.exports import can_see_contacts
from actors.models import Organisation, Person


class MatchingFilterForm(BaseFilterForm):
    """The search box of both choosers: every word must match, accents and case optional."""

    placeholder = ""
    q = forms.CharField(label="Rechercher", required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = self.placeholder

    def filter(self, objects):
        query = " ".join((self.cleaned_data.get("q") or "").split())
        if query:
            objects = objects.matching(query)
            self.is_searching = True
            self.search_query = query
        return objects


class OrganisationFilterForm(MatchingFilterForm):
    placeholder = "Nom, sigle, commune ou SIRET (ex. : RTES, CRESS, Ramonville)"


class PersonFilterForm(MatchingFilterForm):
    placeholder = "Nom, fonction ou organisation (ex. : Ducournau, CRESS)"


class OrganisationChooseMixin:
    filter_form_class = OrganisationFilterForm

    def get_object_list(self):
        return Organisation.objects.select_related("commune")

    @property
    def columns(self):
        title = super().columns[0]
        title.label = "Nom"
        return [
            title,
            Column("acronym", label="Sigle"),
            Column("commune", label="Commune", accessor="commune.name"),
        ]


class PersonChooseMixin:
    filter_form_class = PersonFilterForm

    def get_object_list(self):
        return Person.objects.select_related("organisation")

    @property
    def columns(self):
        title = super().columns[0]
        title.label = "Nom"
        return [title, Column("position", label="Fonction")]


class OrganisationChooseView(OrganisationChooseMixin, ChooseView):
    pass


class OrganisationChooseResultsView(OrganisationChooseMixin, ChooseResultsView):
    pass


class PersonChooseView(PersonChooseMixin, ChooseView):
    pass


class PersonChooseResultsView(PersonChooseMixin, ChooseResultsView):
    pass


class OrganisationChooserViewSet(ChooserViewSet):
    model = Organisation
    icon = "group"
    choose_view_class = OrganisationChooseView
    choose_results_view_class = OrganisationChooseResultsView
    creation_form_class = (
        "actors.forms.OrganisationCreationForm"  # a string: blocks import this module early
    )
    search_tab_label = "Rechercher"
    creation_tab_label = "Créer"
    create_action_label = "Créer l'organisation et la choisir"
    create_action_clicked_label = "Création…"
    choose_one_text = "Choisir une organisation"
    choose_another_text = "Choisir une autre organisation"
    edit_item_text = "Modifier"
    edit_item_url_name = "actors_organisation_modeladmin_edit"
    per_page = 25


class PersonChooserViewSet(ChooserViewSet):
    model = Person
    icon = "user"
    choose_view_class = PersonChooseView
    choose_results_view_class = PersonChooseResultsView
    creation_form_class = "actors.forms.PersonCreationForm"
    search_tab_label = "Rechercher"
    creation_tab_label = "Créer"
    create_action_label = "Créer la personne et la choisir"
    create_action_clicked_label = "Création…"
    choose_one_text = "Choisir une personne"
    choose_another_text = "Choisir une autre personne"
    edit_item_text = "Modifier"
    edit_item_url_name = "actors_person_modeladmin_edit"
    per_page = 25

    def construct_view(self, view_class, **kwargs):
        """Every view of this chooser lists or returns contacts (personal data): only for users who may see
        people (`actors.view_person`), like the exports; Wagtail's chooser views check no view permission."""
        view = super().construct_view(view_class, **kwargs)

        def checked(request, *args, **kwargs):
            if not can_see_contacts(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return checked


organisation_chooser = OrganisationChooserViewSet(
    "organisation_chooser", url_prefix="annuaire/choisir/organisation"
)
person_chooser = PersonChooserViewSet("person_chooser", url_prefix="annuaire/choisir/personne")
