"""A small site built through the models editors use, with public and non-public content side by side."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from actors.models import Organisation
from resources.models import DocumentText, ResourceDocument, ResourceTerritory
from search.indexing import rebuild
from taxonomy.models import Territory, Theme
from testing import factories


def territories() -> dict[str, Territory]:
    region = Territory.objects.create(level="region", code="76", name="Occitanie")
    department = Territory.objects.create(
        level="department", code="31", name="Haute-Garonne", parent=region
    )
    epci = Territory.objects.create(
        level="epci", code="243100633", name="CA du Sicoval", parent=department
    )
    commune = Territory.objects.create(
        level="commune", code="31113", name="Castanet-Tolosan", parent=epci
    )
    other = Territory.objects.create(level="region", code="53", name="Bretagne")
    return {
        "region": region,
        "department": department,
        "epci": epci,
        "commune": commune,
        "bretagne": other,
    }


def document_with_text(
    title: str, pages: list[str], collection: Collection | None = None
) -> ResourceDocument:
    document = factories.document(
        b"%PDF-1.4 test", title=title, filename=f"{title[:20].lower()}.pdf"
    )
    if collection is not None:
        document.collection = collection
    document.extracted_unit = "page"
    document.page_count = len(pages)
    document.extraction_status = "done"
    document.save()
    DocumentText.objects.bulk_create(
        [
            DocumentText(document=document, number=n, text=text)
            for n, text in enumerate(pages, start=1)
        ]
    )
    return document


@dataclass
class Site:
    public: object
    second: object
    draft: object
    private: object
    unpublished: object
    public_doc: ResourceDocument
    private_page_doc: ResourceDocument
    private_collection_doc: ResourceDocument
    library_doc: ResourceDocument
    actor: Organisation
    places: dict


def build_site() -> Site:
    index = factories.site_tree()
    places = territories()
    reemploi = Theme.objects.create(name="Réemploi")
    Theme.objects.create(name="Alimentation")
    secret_collection = Collection.get_first_root_node().add_child(name="Interne au réseau")
    CollectionViewRestriction.objects.create(
        collection=secret_collection, restriction_type="password", password="x"
    )

    public_doc = document_with_text(
        "Bilan du glanage solidaire",
        [
            "Introduction du bilan.",
            "Le glanage solidaire a permis de collecter deux tonnes de légumes.",
            "Perspectives pour la zythologie participative.",
        ],
    )
    private_collection_doc = document_with_text(
        "Note interne glanage",
        ["Glanage : note interne sur le kookaburra budgétaire."],
        collection=secret_collection,
    )
    private_page_doc = document_with_text(
        "Annexe confidentielle", ["Le projet ornithorynque reste confidentiel."]
    )
    library_doc = document_with_text(
        "Guide de la ressourcerie", ["Ouvrir une ressourcerie en milieu rural."]
    )

    public = factories.meeting(
        index,
        "Rencontre sur le glanage solidaire",
        documents=[public_doc, private_collection_doc],
        summary="Le glanage solidaire dans le Sicoval.",
        date=date(2023, 11, 30),
        themes=[reemploi],
        page_territories=[ResourceTerritory(territory=places["commune"])],
    )
    second = factories.meeting(
        index,
        "Atelier réemploi en Bretagne",
        summary="Réemploi et ressourceries bretonnes.",
        date=date(2022, 5, 4),
        page_territories=[ResourceTerritory(territory=places["bretagne"])],
    )
    draft = factories.meeting(
        index,
        "Brouillon xylophagerie",
        publish=False,
        live=False,
        summary="Le glanage des xylophages.",
    )
    private = factories.meeting(
        index,
        "Réunion quetzalcoatl",
        documents=[private_page_doc],
        summary="Glanage et quetzalcoatl, réservé aux membres.",
    )
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    unpublished = factories.meeting(
        index, "Ancienne tarentelle", summary="Glanage de la tarentelle."
    )
    unpublished.unpublish()
    actor = Organisation.objects.create(
        name="Les Glaneurs Solidaires", description="Association de glanage."
    )
    rebuild()
    return Site(
        public,
        second,
        draft,
        private,
        unpublished,
        public_doc,
        private_page_doc,
        private_collection_doc,
        library_doc,
        actor,
        places,
    )
