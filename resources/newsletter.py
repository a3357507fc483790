"""The newsletter block: chosen resources, documents, organisations of the directory and external links as an
e-mail-safe HTML snippet and as plain text.

E-mail clients ignore stylesheets and many CSS properties: the HTML is made of tables with inline styles,
absolute links, no script or external font, and images only as absolute addresses of public renditions (with
their width and alternative text), so that it survives being pasted into any newsletter tool.

Only what a stranger may open goes in: a document that is not public (private collection, attached only to
unpublished or restricted pages) is left out, and so is an image of a restricted collection.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from actors.blocks import OrganisationChooserBlock
from core.french import date_fr
from core.public_urls import absolute
from resources.campaigns import with_campaign
from resources.models import ResourcePage
from resources.visibility import (
    collection_is_private,
    document_is_public,
    page_is_public,
    pages_attaching,
)

DEFAULT_HEADING = "Nouvelles ressources"
IMAGE_SPEC = (
    "fill-560x280"  # rendition of an item's image, 560 px wide (a 600 px newsletter column)
)
SUMMARY_LENGTH = 300


@dataclass(frozen=True)
class NewsletterItem:
    title: str
    url: str
    type_label: str
    date_label: str
    summary: str
    image_url: str = ""
    image_alt: str = ""


class NewsletterDocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="Document")
    summary = blocks.TextBlock(
        label="Présentation",
        required=False,
        max_length=SUMMARY_LENGTH,
        help_text="Facultatif : quelques mots sur le document.",
    )

    class Meta:
        icon = "doc-full"
        label = "Document"


class NewsletterOrganisationBlock(blocks.StructBlock):
    organisation = OrganisationChooserBlock(label="Structure")
    summary = blocks.TextBlock(
        label="Présentation",
        required=False,
        max_length=SUMMARY_LENGTH,
        help_text="Facultatif ; par défaut, le début de sa description dans l'annuaire.",
    )

    class Meta:
        icon = "group"
        label = "Structure de l'annuaire"


class NewsletterLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titre", max_length=120)
    url = blocks.URLBlock(label="Adresse")
    image = ImageChooserBlock(label="Image", required=False)
    text = blocks.TextBlock(label="Texte court", required=False, max_length=SUMMARY_LENGTH)

    class Meta:
        icon = "link"
        label = "Lien externe"


class NewsletterExtrasBlock(blocks.StreamBlock):
    """What an editor adds beside the resources: documents, organisations of the directory, external links."""

    document = NewsletterDocumentBlock()
    organisation = NewsletterOrganisationBlock()
    link = NewsletterLinkBlock()

    class Meta:
        required = False


def _short(text: str | None) -> str:
    text = " ".join((text or "").split())
    return (
        text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + " …"
    )


def _image(image, alt: str = "") -> tuple[str, str]:
    """The absolute address of a rendition of `image` and its alternative text, or nothing for an image a
    stranger could not open (restricted collection)."""
    if image is None or collection_is_private(image.collection_id):
        return "", ""
    return absolute(image.get_rendition(IMAGE_SPEC).url), alt or image.default_alt_text or ""


def _document_item(value, campaign: str) -> NewsletterItem | None:
    document = value["document"]
    if document is None:
        return None
    pages = pages_attaching(document)
    if not document_is_public(document, pages):
        return None
    return NewsletterItem(
        title=document.title,
        url=with_campaign(absolute(document.get_absolute_url()), campaign),
        type_label="Document",
        date_label=date_fr(document.public_date([p for p in pages if page_is_public(p)])),
        summary=_short(value["summary"]),
    )


def _organisation_item(value, campaign: str) -> NewsletterItem | None:
    organisation = value["organisation"]
    if organisation is None:
        return None
    image_url, image_alt = _image(organisation.logo, f"{organisation.name} (logo)")
    place = organisation.commune.name if organisation.commune_id else ""
    return NewsletterItem(
        title=organisation.name,
        url=with_campaign(absolute(organisation.get_absolute_url()), campaign),
        type_label="Structure de l'annuaire",
        date_label=place,
        summary=_short(value["summary"] or organisation.description),
        image_url=image_url,
        image_alt=image_alt,
    )


def _link_item(value) -> NewsletterItem:
    image_url, image_alt = _image(value["image"])
    return NewsletterItem(
        title=value["title"],
        url=value["url"],
        type_label="Lien externe",
        date_label="",
        summary=_short(value["text"]),
        image_url=image_url,
        image_alt=image_alt,
    )


def extra_items(stream, campaign: str = "") -> list[NewsletterItem]:
    """The items of a NewsletterExtrasBlock value, in the editor's order; what a stranger may not open is left
    out. Our own addresses get the campaign's utm_* parameters, external ones are kept as given."""
    items = []
    for child in stream or []:
        if child.block_type == "document":
            item = _document_item(child.value, campaign)
        elif child.block_type == "organisation":
            item = _organisation_item(child.value, campaign)
        else:
            item = _link_item(child.value)
        if item is not None:
            items.append(item)
    return items


def resources_since(since: date) -> list[ResourcePage]:
    """Live public resources first published on or after `since`, newest first."""
    return list(
        ResourcePage.objects.live()
        .public()
        .filter(first_published_at__date__gte=since)
        .order_by("-first_published_at", "-pk")
        .specific()
    )


def newsletter_items(
    pages: list[ResourcePage], campaign: str = "", request=None
) -> list[NewsletterItem]:
    items = []
    for page in pages:
        page = page.specific
        url = page.get_full_url(request=request)
        if not url:
            continue
        items.append(
            NewsletterItem(
                title=page.title,
                url=with_campaign(url, campaign),
                type_label=page.type_label,
                date_label=date_fr(page.date),
                summary=" ".join((page.summary or page.search_description or "").split()),
            )
        )
    return items


def render_html(items: list[NewsletterItem], heading: str = DEFAULT_HEADING) -> str:
    """A table-based, inline-styled HTML fragment, ready to paste in an HTML block of a newsletter tool."""
    return render_to_string(
        "resources/newsletter/snippet.html", {"items": items, "heading": heading}
    ).strip()


def render_text(
    items: list[NewsletterItem], heading: str = DEFAULT_HEADING, width: int = 72
) -> str:
    """The same content as plain text, wrapped for e-mail, each link on its own line."""
    lines = []
    if heading:
        lines += [heading, "=" * len(heading), ""]
    for item in items:
        lines.append(item.title)
        lines.append(" · ".join(filter(None, [item.type_label, item.date_label])))
        if item.summary:
            lines += textwrap.wrap(item.summary, width=width)
        lines.append(item.url)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
