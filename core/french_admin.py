"""French wording, with the right gender, for the screens of wagtail-modeladmin: its translation cannot know the
gender of a model's name, so it writes « Ajouter un(e) personne », « Nouveau Personne » or « Le/la organisation ne
peut être créé(e) ». A ModelAdmin says `feminine = True` (or not) and takes `FrenchModelAdmin` as its base."""

from __future__ import annotations

from django.utils.text import capfirst
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import CreateView, DeleteView, EditView, InspectView


class Wording:
    """The words of one model: « une personne », « la personne », « Nouvelle personne », « créée »…"""

    def __init__(self, name: str, feminine: bool) -> None:
        self.name, self.feminine = name, feminine
        vowel = name[:1].lower() in "aeéèêiîoôuh"
        self.a = f"{'une' if feminine else 'un'} {name}"
        self.the = f"l'{name}" if vowel else f"{'la' if feminine else 'le'} {name}"
        self.this = f"{'cette' if feminine else ('cet' if vowel else 'ce')} {name}"
        self.new = capfirst(
            f"{'nouvelle' if feminine else ('nouvel' if vowel else 'nouveau')} {name}"
        )
        self.e = "e" if feminine else ""


def wording(view) -> Wording:
    """The words of the model a modeladmin view (or a button helper, through its view) shows."""
    model_admin = view.model_admin
    return Wording(
        str(model_admin.model._meta.verbose_name), getattr(model_admin, "feminine", False)
    )


class FrenchButtonHelper(ButtonHelper):
    def add_button(self, classnames_add=None, classnames_exclude=None):
        button = super().add_button(classnames_add, classnames_exclude)
        words = wording(self.view)
        return {**button, "label": f"Ajouter {words.a}", "title": f"Ajouter {words.a}"}

    def inspect_button(self, pk, classnames_add=None, classnames_exclude=None):
        button = super().inspect_button(pk, classnames_add, classnames_exclude)
        words = wording(self.view)
        return {**button, "title": f"Consulter {words.this}"}

    def edit_button(self, pk, classnames_add=None, classnames_exclude=None):
        button = super().edit_button(pk, classnames_add, classnames_exclude)
        words = wording(self.view)
        return {**button, "title": f"Modifier {words.this}"}

    def delete_button(self, pk, classnames_add=None, classnames_exclude=None):
        button = super().delete_button(pk, classnames_add, classnames_exclude)
        words = wording(self.view)
        return {**button, "title": f"Supprimer {words.this}"}


class FrenchCreateView(CreateView):
    def get_page_title(self):
        return wording(self).new

    def get_page_subtitle(self):
        return ""

    def get_meta_title(self):
        return wording(self).new

    def get_success_message(self, instance):
        words = wording(self)
        return f"{capfirst(words.name)} « {instance} » créé{words.e}."

    def get_error_message(self):
        words = wording(self)
        return f"{capfirst(words.the)} n'a pas pu être créé{words.e} : corrigez les erreurs ci-dessous."


class FrenchEditView(EditView):
    def get_meta_title(self):
        return f"Modifier {wording(self).the}"

    def get_page_title(self):
        return f"Modifier {wording(self).the}"

    def get_success_message(self, instance):
        words = wording(self)
        return f"{capfirst(words.name)} « {instance} » mis{'e' if words.feminine else ''} à jour."

    def get_error_message(self):
        words = wording(self)
        return f"{capfirst(words.the)} n'a pas pu être enregistré{words.e} : corrigez les erreurs ci-dessous."


class FrenchDeleteView(DeleteView):
    def get_meta_title(self):
        return f"Supprimer {wording(self).the}"

    def confirmation_message(self):
        return (
            f"Voulez-vous vraiment supprimer {wording(self).this} ? Ce qui y est lié sur le site peut en être "
            "affecté."
        )


class FrenchInspectView(InspectView):
    def get_meta_title(self):
        return f"Consulter {wording(self).the}"


class FrenchModelAdmin(ModelAdmin):
    """A ModelAdmin speaking French with the gender of its model (`feminine`)."""

    feminine = False
    button_helper_class = FrenchButtonHelper
    create_view_class = FrenchCreateView
    edit_view_class = FrenchEditView
    delete_view_class = FrenchDeleteView
    inspect_view_class = FrenchInspectView
