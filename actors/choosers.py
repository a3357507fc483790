"""The choosers of organisations and people, for resource pages and StreamField blocks (territories:
taxonomy/choosers.py).

The directory is managed once, with wagtail-modeladmin (« Annuaire ESS »); these choosers are Wagtail's
generic ChooserViewSets (no snippet registration, so nothing appears twice in the menu).
"""

from django.core.exceptions import PermissionDenied
from wagtail.admin.viewsets.chooser import ChooserViewSet

from actors.exports import can_see_contacts
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

    def construct_view(self, view_class, **kwargs):
        """Every view of this chooser lists or returns contacts (personal data): only for users who may see
        people (`actors.view_person`), like the exports; Wagtail's chooser views check no view permission."""
        view = super().construct_view(view_class, **kwargs)

        def checked(request, *args, **kwargs):
            if not can_see_contacts(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return checked


organisation_chooser = OrganisationChooserViewSet("organisation_chooser", url_prefix="annuaire/choisir/organisation")
person_chooser = PersonChooserViewSet("person_chooser", url_prefix="annuaire/choisir/personne")
