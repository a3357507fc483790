"""Admin panels: French wording Wagtail's translations cannot give ("Ajouter un(e) territoires"), and the
« Partager » panel of the page editor."""

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import InlinePanel, MultipleChooserPanel, Panel

from resources.campaigns import with_campaign


class FrenchMultipleChooserPanel(MultipleChooserPanel):
    """A multiple chooser panel whose add button reads ``add_label`` (e.g. "Ajouter des territoires")."""

    def __init__(self, relation_name, add_label: str = "", **kwargs):
        self.add_label = add_label
        super().__init__(relation_name, **kwargs)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "add_label": self.add_label}

    class BoundPanel(MultipleChooserPanel.BoundPanel):
        template_name = "resources/panels/multiple_chooser_panel.html"


class FrenchInlinePanel(InlinePanel):
    """An inline panel whose add button reads ``add_label`` (e.g. "Ajouter une organisation")."""

    def __init__(self, relation_name, add_label: str = "", **kwargs):
        self.add_label = add_label
        super().__init__(relation_name, **kwargs)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "add_label": self.add_label}

    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "resources/panels/inline_panel.html"


class SharePanel(Panel):
    """« Partager » in the page editor: the public address, the permanent /r/<id>/ link and a newsletter link with
    utm_* parameters, each with a one-click copy (Wagtail's clipboard controller)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "resources/panels/share_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["links"] = share_links(self.instance, self.request)
            context["live"] = bool(self.instance.pk and self.instance.live)
            return context


def share_links(page, request) -> list[dict]:
    """The addresses of a saved page to share, each with its label and use; [] before the first save."""
    if not page.pk:
        return []
    public = page.get_full_url(request=request)
    site = page.get_site()
    if not public or site is None:
        return []
    permanent = site.root_url + reverse("resources:permalink", args=[page.pk])
    newsletter = with_campaign(permanent, f"lettre-{timezone.localdate():%Y-%m}")
    return [
        {
            "id": "public",
            "label": "Adresse publique",
            "url": public,
            "help": "L'adresse de la page telle qu'elle s'affiche dans le navigateur.",
        },
        {
            "id": "permanent",
            "label": "Lien permanent",
            "url": permanent,
            "help": "Ne change jamais, même si la page est renommée ou déplacée : pour les documents imprimés et les "
            "partenaires.",
        },
        {
            "id": "newsletter",
            "label": "Lien pour une lettre d'information",
            "url": newsletter,
            "help": "Le lien permanent avec utm_source, utm_medium et utm_campaign (le mois) : l'outil de statistiques "
            "compte les visites venues de la lettre.",
        },
    ]
