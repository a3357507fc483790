"""The admin form every Maillage page type starts from."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm


class PageForm(WagtailAdminPageForm):
    """An empty slug is not an error: the page keeps the slug it has, or a new page gets one from its title.

    The admin fills the slug from the title in the browser; an editor who clicks « Enregistrer » before that has
    happened (a quick click, a slow machine, an autosave in flight) or who empties the field would otherwise get
    « Ce champ est obligatoire » on a tab they are not looking at. Wagtail's Page fills an empty slug from the
    title, unique among its siblings, when the page is saved under its parent."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self):
        cleaned = super().clean()
        if "slug" in cleaned and not cleaned["slug"] and self.instance.slug:
            cleaned["slug"] = self.instance.slug
        return cleaned
