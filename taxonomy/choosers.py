"""The territory chooser of resource pages, clubs and StreamField blocks: Wagtail's generic ChooserViewSet (no
snippet registration, so nothing appears twice in the menu; territories are managed under « Annuaire ESS »).
It searches by name, INSEE/SIREN code or postal code (postal matches first), filters by level, lists larger levels
first, and shows both codes in their own labelled columns (an INSEE code is no postal code).
"""

from django import forms
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from taxonomy.models import Territory


class TerritoryFilterForm(BaseFilterForm):
    q = forms.CharField(
        label="Rechercher",
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": "Nom, code postal ou code INSEE/SIREN (ex. : Sicoval, 31520)"}
        ),
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
            Column("code", label="Code INSEE / SIREN"),
            Column("postal_codes", label="Codes postaux", accessor="postal_codes_display"),
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
    edit_item_url_name = "taxonomy_territory_modeladmin_edit"
    per_page = 25


territory_chooser = TerritoryChooserViewSet(
    "territory_chooser", url_prefix="annuaire/choisir/territoire"
)
