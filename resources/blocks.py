"""StreamField blocks used by resource pages: each named block renders itself with its own template
(`resources/templates/resources/blocks/`), so a page template only writes `{% include_block page.field %}`."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from actors.blocks import OrganisationChooserBlock, PersonChooserBlock

RICH_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class ImageBlock(blocks.StructBlock):
    """An image with its alternative text and caption: in a body (« Image ») and in a meeting's gallery (« Photo »)."""

    image = ImageChooserBlock(label="Image")
    alt = blocks.CharBlock(
        label="Texte alternatif",
        required=False,
        help_text="Ce que montre l'image. Par défaut : la description de l'image.",
    )
    caption = blocks.CharBlock(label="Légende", required=False)

    class Meta:
        icon = "image"
        label = "Image"
        template = "resources/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="Citation")
    source = blocks.CharBlock(label="Source", required=False)

    class Meta:
        icon = "openquote"
        label = "Citation"
        template = "resources/blocks/quote.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label="Intertitre",
        form_classname="title",
        icon="title",
        template="resources/blocks/heading.html",
    )
    paragraph = blocks.RichTextBlock(label="Paragraphe", features=RICH_FEATURES)
    quote = QuoteBlock()
    image = ImageBlock()

    class Meta:
        required = False


class WorkshopBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titre de l'atelier")
    questions = blocks.ListBlock(
        blocks.CharBlock(label="Question"), label="Questions posées", default=[]
    )
    description = blocks.RichTextBlock(label="Déroulé", features=RICH_FEATURES, required=False)
    testimonies = blocks.ListBlock(
        OrganisationChooserBlock(label="Structure"),
        label="Témoignages de",
        default=[],
        help_text="Les structures (collectivités, réseaux, acteurs) qui ont témoigné.",
    )
    speakers = blocks.ListBlock(
        PersonChooserBlock(label="Personne"),
        label="Intervenant·es",
        default=[],
        help_text="Les personnes qui ont animé l'atelier ou témoigné.",
    )

    class Meta:
        icon = "group"
        label = "Atelier"
        template = "resources/blocks/workshop.html"


VISIT_KINDS = [("urbaine", "Urbaine"), ("peri-urbaine", "Péri-urbaine"), ("rurale", "Rurale")]


class LearningVisitBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label="Intitulé de la visite", help_text="Ex. : Visite urbaine aux Ateliers 31"
    )
    kind = blocks.ChoiceBlock(
        choices=VISIT_KINDS,
        label="Type de visite",
        required=False,
    )
    description = blocks.RichTextBlock(label="Description", features=RICH_FEATURES, required=False)
    structures = blocks.ListBlock(
        OrganisationChooserBlock(label="Structure visitée"),
        label="Structures visitées",
        default=[],
        help_text="Chaque structure renvoie vers sa fiche DPV publiée, s'il y en a une.",
    )

    class Meta:
        icon = "site"
        label = "Visite apprenante"
        template = "resources/blocks/visit.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # each structure's newest public DPV sheet, through the directory's relation (the models import blocks)
        sheets = {
            org.pk: org.visit_sheets.live().public().order_by("-date", "-pk").first()
            for org in value["structures"]
            if org is not None
        }
        page = (parent_context or {}).get("page")
        listed = (
            page.listed_page_ids() if hasattr(page, "listed_page_ids") else set()
        )  # linked elsewhere on the page
        context["stops"] = [
            (org, sheet if sheet and sheet.pk not in listed else None)
            for org in value["structures"]
            if org is not None
            for sheet in [sheets.get(org.pk)]
        ]
        context["kind_label"] = dict(VISIT_KINDS).get(value.get("kind") or "", "")
        return context


class SlotBlock(blocks.StructBlock):
    time = blocks.CharBlock(label="Horaire", required=False)
    title = blocks.CharBlock(label="Intitulé")
    description = blocks.TextBlock(label="Description", required=False)

    class Meta:
        icon = "time"
        label = "Temps du programme"
        template = "resources/blocks/slot.html"


class ProgrammeBlock(blocks.StreamBlock):
    workshop = WorkshopBlock()
    learning_visit = LearningVisitBlock()
    slot = SlotBlock()

    class Meta:
        required = False


class PageLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label="Libellé")
    page = blocks.PageChooserBlock(label="Page")

    class Meta:
        icon = "doc-empty"
        label = "Page du site"
        template = "resources/blocks/page_link.html"


class DocumentLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label="Libellé")
    document = DocumentChooserBlock(label="Document")

    class Meta:
        icon = "doc-full"
        label = "Document"
        help_text = (
            "Un document de la médiathèque (ou déposé ici), présenté par son libellé à cette place de la liste ; "
            "les visiteurs le lisent dans le site ou le téléchargent."
        )
        template = "resources/blocks/document_link.html"


class ExternalLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label="Libellé")
    url = blocks.URLBlock(label="Adresse")

    class Meta:
        icon = "link"
        label = "Lien externe"
        template = "resources/blocks/external_link.html"


class ResourceLinkBlock(blocks.StreamBlock):
    """A labelled link to a page, a document or an external URL, for a meeting's list of resources."""

    page = PageLinkBlock()
    document = DocumentLinkBlock()
    external = ExternalLinkBlock()

    class Meta:
        required = False


class GalleryBlock(blocks.StreamBlock):
    photo = ImageBlock(label="Photo")

    class Meta:
        required = False
        template = "resources/blocks/gallery.html"


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label="Chiffre", help_text="Ex. : 1300 m², 12, 60 %")
    label = blocks.CharBlock(label="Libellé", help_text="Ex. : de locaux partagés")

    class Meta:
        icon = "pick"
        label = "Chiffre clé"
        template = "resources/blocks/key_figure.html"


class KeyFiguresBlock(blocks.StreamBlock):
    figure = KeyFigureBlock()

    class Meta:
        required = False
        template = "resources/blocks/key_figures.html"
