"""Admin for the directory: organisations (ESS actors, authorities, networks), people, territories, labels.

The directory is managed once, with wagtail-modeladmin (menu « Annuaire ESS »: list with search, filters by
territory, legal form and sector, linked resources, CSV import and export). Resource pages and StreamField
blocks choose organisations and people with the generic choosers of actors/choosers.py (territories:
taxonomy/choosers.py); the territories' screens are defined in taxonomy/viewsets.py and placed here.
"""

from django.urls import path
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from actors import admin_views
from actors.admin_filters import SectorFilter, TerritoryFilter
from actors.choosers import organisation_chooser, person_chooser
from actors.forms import OrganisationForm
from actors.models import Label, Organisation, Person
from core.french_admin import FrenchModelAdmin
from resources.models import ResourcePage
from taxonomy.viewsets import TerritoryAdmin

ORGANISATION_PANELS = [
    FieldRowPanel([FieldPanel("name"), FieldPanel("acronym")]),
    FieldRowPanel([FieldPanel("category"), FieldPanel("legal_form")]),
    FieldPanel("siret", classname="siret"),
    FieldPanel("description"),
    MultiFieldPanel(
        [
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("postal_code"), FieldPanel("commune")]),
            FieldPanel("territory"),
            FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        ],
        heading="Localisation",
    ),
    FieldPanel("website"),
    FieldPanel("logo"),
    FieldPanel("themes"),
    FieldPanel("labels"),
    FieldPanel("networks"),
]
PERSON_PANELS = [
    FieldRowPanel([FieldPanel("name"), FieldPanel("position")]),
    FieldPanel("organisation"),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
            FieldRowPanel([FieldPanel("consent"), FieldPanel("consent_date")]),
        ],
        heading="Contact (RGPD : coordonnées utilisées seulement avec le consentement de la personne)",
    ),
]


# --- Choosers of pages and StreamField blocks (actors/choosers.py): not snippets, so listed once ----------


@hooks.register("register_admin_viewset")
def _choosers():
    return [organisation_chooser, person_chooser]


# --- ModelAdmin: the directory's management screens --------------------------------------------------


class OrganisationAdmin(FrenchModelAdmin):
    model = Organisation
    feminine = True
    menu_label = "Organisations et acteurs"
    menu_icon = "group"
    list_display = ["name", "legal_form", "commune", "sectors", "linked_resources", "updated_at"]
    list_filter = [TerritoryFilter, "legal_form", SectorFilter, "labels", "category"]
    search_fields = ["name", "acronym", "siret", "description"]
    list_per_page = 50
    list_export = [
        "name"
    ]  # shows the export button; the export itself is the import format (admin_views)
    index_view_class = admin_views.OrganisationIndexView
    index_template_name = "actors/admin/organisation_index.html"
    inspect_view_enabled = True
    inspect_view_class = admin_views.OrganisationInspectView
    inspect_template_name = "actors/admin/organisation_inspect.html"
    inspect_view_fields = [
        "name",
        "acronym",
        "category",
        "legal_form",
        "siret",
        "address",
        "postal_code",
        "commune",
        "website",
        "description",
    ]
    edit_handler = ObjectList(ORGANISATION_PANELS, base_form_class=OrganisationForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("commune").prefetch_related("themes")

    def sectors(self, obj: Organisation) -> str:
        return ", ".join(t.name for t in obj.themes.all())

    sectors.short_description = "secteurs"

    def linked_resources(self, obj: Organisation) -> str:
        count = ResourcePage.objects.about_actor(obj).count()
        if not count:
            return "—"
        url = self.url_helper.get_action_url("inspect", obj.pk)
        return format_html(
            '<a href="{}#ressources">{} ressource{}</a>', url, count, "s" if count > 1 else ""
        )

    linked_resources.short_description = "ressources liées"


class PersonAdmin(FrenchModelAdmin):
    model = Person
    feminine = True
    menu_label = "Personnes et contacts"
    menu_icon = "user"
    list_display = ["name", "position", "organisation", "email", "consent", "consent_date"]
    list_filter = ["consent"]
    search_fields = ["name", "position", "email", "organisation__name"]
    panels = PERSON_PANELS


class LabelAdmin(FrenchModelAdmin):
    model = Label
    menu_label = "Agréments et labels"
    menu_icon = "tag"
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("description")]


class DirectoryAdmin(ModelAdminGroup):
    menu_label = "Annuaire ESS"
    menu_icon = "group"
    menu_order = 300
    items = (OrganisationAdmin, PersonAdmin, TerritoryAdmin, LabelAdmin)


modeladmin_register(DirectoryAdmin)


@hooks.register("register_admin_urls")
def _urls():
    return [
        path("annuaire/import/", admin_views.import_csv, name="actors_import"),
        path("annuaire/export/", admin_views.export_csv, name="actors_export"),
    ]
