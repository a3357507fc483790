"""Every page type an editor can create says what it is for and carries its own admin tabs (Wagtail's idioms)."""

from __future__ import annotations

from wagtail.admin.panels import TabbedInterface
from wagtail.models import get_page_models

from resources.models import RESOURCE_TYPES, LearningVisitPage, MeetingReportPage, ResourcePage
from testing.factories import add, image

RESOURCE_TABS = [
    "Contenu",
    "Classement",
    "Documents",
    "Promotion et partage",
    "Partager",
    "Publication",
]


def test_every_creatable_page_type_has_a_french_description():
    for model in get_page_models():
        if model.is_creatable and model._meta.app_label in ("home", "resources"):
            assert model.get_page_description(), model.__name__


def test_each_resource_type_defines_its_own_tabs_in_its_class():
    for model in RESOURCE_TYPES:
        assert "edit_handler" in vars(model) and "content_panels" in vars(model), model.__name__
        handler = model.get_edit_handler()
        assert isinstance(handler, TabbedInterface)
        assert [str(tab.heading) for tab in handler.children] == RESOURCE_TABS, model.__name__
        content = handler.children[0].get_form_options()["fields"]
        assert {"title", "date", "summary", "main_document", "body"} <= set(content), model.__name__
    assert "edit_handler" not in vars(
        ResourcePage
    )  # not creatable: a type without its own tabs would inherit none


def test_blocks_render_with_their_own_templates(client, index):
    photo = image("Photo de groupe", "photo-de-groupe.png")
    meeting = add(
        index,
        MeetingReportPage(
            title="Rencontre",
            slug="rencontre",
            body=[
                ("image", {"image": photo, "alt": "", "caption": "Le groupe"}),
                ("quote", {"text": "Une citation", "source": "Une élue"}),
            ],
            gallery=[("photo", {"image": photo, "alt": "Les participants", "caption": ""})],
            resource_links=[
                ("external", {"label": "Le site du RTES", "url": "https://www.rtes.fr/"}),
                ("document", {"label": "Document retiré", "document": None}),
            ],
        ),
    )
    html = client.get(meeting.url).content.decode()
    # The same image block: full width in the body (alt text defaults to the image's description), small in the gallery.
    assert 'alt="Les participants au Périscope"' in html and "width-800" in html
    assert "<figcaption>Le groupe</figcaption>" in html
    gallery = html.split('id="h-gallery"', 1)[1].split("</section>", 1)[0]
    assert (
        'alt="Les participants"' in gallery
        and "width-400" in gallery
        and "<figcaption>" not in gallery
    )
    assert "<footer>Une élue</footer>" in html
    links = html.split('class="resource-links"', 1)[1].split("</ul>", 1)[0]
    assert (
        '<a href="https://www.rtes.fr/">Le site du RTES</a>' in links and "Document retiré" in links
    )

    sheet = add(
        index,
        LearningVisitPage(
            title="Fiche",
            slug="fiche",
            key_figures=[("figure", {"value": "12", "label": "salariés en insertion"})],
        ),
    )
    html = client.get(sheet.url).content.decode()
    assert (
        '<ul class="key-figures">' in html
        and "<li><strong>12</strong> salariés en insertion</li>" in html
    )
