"""The choosers of organisations and people, for resource pages and StreamField blocks (territories:
taxonomy/choosers.py).

The directory is managed once, with wagtail-modeladmin (« Annuaire ESS »); these choosers are Wagtail's
generic ChooserViewSets (no snippet registration, so nothing appears twice in the menu).
"""

from wagtail.admin.viewsets.chooser import ChooserViewSet

from actors.models import Organisation, Person


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
