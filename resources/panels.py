"""Admin panels with French wording Wagtail's translations cannot give ("Ajouter un(e) territoires")."""

from wagtail.admin.panels import InlinePanel, MultipleChooserPanel


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
