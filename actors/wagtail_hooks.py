"""Admin for the directory: organisations (ESS actors, authorities, networks), people, territories."""

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from actors.models import Organisation, Person, Territory


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations et acteurs"
    list_display = ["name", "category", "legal_form", "commune"]
    list_filter = ["category", "legal_form"]
    search_fields = ["name", "acronym", "description"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("acronym")]),
        FieldRowPanel([FieldPanel("category"), FieldPanel("legal_form"), FieldPanel("siret")]),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("commune"),
                FieldPanel("territory"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading="Localisation",
        ),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("themes"),
        FieldPanel("networks"),
    ]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "Personnes"
    list_display = ["name", "position", "organisation"]
    search_fields = ["name", "position"]


class TerritoryViewSet(SnippetViewSet):
    model = Territory
    icon = "site"
    menu_label = "Territoires"
    list_display = ["name", "level", "code"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    panels = [FieldPanel("name"), FieldPanel("level"), FieldPanel("code"), FieldPanel("parent"),
              FieldPanel("postal_codes")]


class DirectoryGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, PersonViewSet, TerritoryViewSet)
    menu_icon = "group"
    menu_label = "Annuaire ESS"
    menu_name = "annuaire"


register_snippet(DirectoryGroup)
