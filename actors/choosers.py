"""The choosers of organisations, people and territories, for resource pages and StreamField blocks.

The directory is managed once, with wagtail-modeladmin (« Annuaire ESS »); these choosers are Wagtail's
generic ChooserViewSets (no snippet registration, so nothing appears twice in the menu). The territory chooser
searches by name, INSEE/SIREN code or postal code, filters by level, and lists larger levels first.
"""

from django import forms
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from actors.models import Organisation, Person, Territory


class TerritoryFilterForm(BaseFilterForm):
    q = forms.CharField(
        label="Rechercher",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Nom, code postal ou code INSEE/SIREN (ex. : Sicoval, 31520)"}),
    )
    level = forms.ChoiceField(
        label="Niveau", required=False, choices=[("", "Tous les niveaux"), *Territory.Level.choices]
    )

    def filter(self, objects):
        query = self.cleaned_data.get("q") or ""
        if query.strip():
            objects = objects.search(query)
            self.is_searching = True
            self.search_query = query
        if level := self.cleaned_data.get("level"):
            objects = objects.filter(level=level)
        return objects


class TerritoryChooseMixin:
    filter_form_class = TerritoryFilterForm
    page_title = "Choisir un territoire"
    page_subtitle = "région, département, EPCI ou commune"

    def get_object_list(self):
        return Territory.objects.select_related("parent").largest_first()

    @property
    def columns(self):
        title = super().columns[0]
        title.label = "Nom"
        return [
            title,
            Column("level", label="Niveau", accessor="get_level_display"),
            Column("code", label="Code"),
            Column("parent", label="Rattaché à"),
        ]


class TerritoryChooseView(TerritoryChooseMixin, ChooseView):
    pass


class TerritoryChooseResultsView(TerritoryChooseMixin, ChooseResultsView):
    pass


class TerritoryChooserViewSet(ChooserViewSet):
    model = Territory
    icon = "site"
    choose_view_class = TerritoryChooseView
    choose_results_view_class = TerritoryChooseResultsView
    choose_one_text = "Choisir un territoire"
    choose_another_text = "Choisir un autre territoire"
    edit_item_text = "Modifier"
    edit_item_url_name = "actors_territory_modeladmin_edit"
    per_page = 25


class OrganisationChooserViewSet(ChooserViewSet):
    model = Organisation
    icon = "group"
    choose_one_text = "Choisir une organisation"
    choose_another_text = "Choisir une autre organisation"
    edit_item_text = "Modifier"
    edit_item_url_name = "actors_organisation_modeladmin_edit"
    per_page = 25


class PersonChooserViewSet(ChooserViewSet):
    model = Person
    icon = "user"
    choose_one_text = "Choisir une personne"
    choose_another_text = "Choisir une autre personne"
    edit_item_text = "Modifier"
    edit_item_url_name = "actors_person_modeladmin_edit"
    per_page = 25


organisation_chooser = OrganisationChooserViewSet("organisation_chooser", url_prefix="annuaire/choisir/organisation")
person_chooser = PersonChooserViewSet("person_chooser", url_prefix="annuaire/choisir/personne")
territory_chooser = TerritoryChooserViewSet("territory_chooser", url_prefix="annuaire/choisir/territoire")
