"""A meeting report names each of its resources once: the DPV sheets, the slide decks, the pages it lists."""

from __future__ import annotations

import re

from resources.models import LearningVisitPage, ResourceDocument


def _links(html: str) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]+)"', html)


def test_demo_meeting_links_each_sheet_and_each_deck_once(client, demo):
    html = client.get(demo.url).content.decode()
    links = _links(html)
    sheets = list(LearningVisitPage.objects.live())
    decks = list(ResourceDocument.objects.filter(title__startswith="Diaporama"))
    assert len(sheets) == 2 and len(decks) == 2
    for sheet in sheets:
        assert links.count(sheet.url) == 1, sheet.title
    for deck in decks:
        assert links.count(deck.url) == 1, deck.title
    for block in demo.resource_links:  # the editor's list is shown whole
        assert block.value["label"] in html


def test_sheet_not_in_the_resource_list_is_shown_once_under_visited_structures(client, demo):
    demo.resource_links = [
        block
        for block in demo.resource_links.raw_data
        if "Rafistolerie" not in block["value"]["label"]
    ]
    demo.save_revision().publish()
    sheet = LearningVisitPage.objects.get(title="Fiche DPV la Rafistolerie")
    html = client.get(demo.url).content.decode()
    assert _links(html).count(sheet.url) == 1
    visited = html.split('id="h-visits"', 1)[1].split("</section>", 1)[0]
    assert sheet.url in visited


def test_main_document_is_offered_once_and_others_listed_apart(client, demo):
    sheet = LearningVisitPage.objects.get(title="Fiche DPV la Rafistolerie")
    html = client.get(sheet.url).content.decode()
    assert _links(html).count(sheet.main_document.url) == 1
    assert 'id="h-docs"' not in html


def test_a_deck_in_the_resource_list_reads_in_the_site_like_any_attached_document(client, demo):
    # A deck attached through « Ressources » was a bare download: it gets « Lire dans le site » (its page, with
    # the viewer) and the download, as the main document and the documents tab do.
    from bs4 import BeautifulSoup

    from resources.templatetags.maillage_tags import document_page

    soup = BeautifulSoup(client.get(demo.url).content, "html.parser")
    decks = list(ResourceDocument.objects.filter(title__startswith="Diaporama"))
    for deck in decks:
        item = next(li for li in soup.select(".resource-links li") if li.find("a", href=deck.url))
        read = item.find("a", href=document_page(deck))
        assert read is not None and read.get_text(" ").startswith("Lire dans le site"), item
        assert "Télécharger" in item.find("a", href=deck.url).get_text()


def _meeting_with(**fields):
    from testing import factories

    return factories.meeting(factories.site_tree(), "Club des achats responsables", **fields)


def _doc(title: str, filename: str) -> ResourceDocument:
    from testing import factories
    from testing.pdfs import pdf

    return factories.document(pdf(f"{title}."), title=title, filename=filename)


def test_a_document_attached_in_two_places_is_shown_once(client, db, media_root):
    # Main document and « Documents » tab: once, at the head of the page; « Ressources » and « Documents »: once,
    # in the list of resources with its label; main document and « Ressources »: once, at the head.
    report = _doc("Compte rendu du club", "compte-rendu.pdf")
    deck = _doc("Diaporama de l'atelier", "diaporama.pdf")
    annex = _doc("Annexe budgétaire", "annexe.pdf")
    page = _meeting_with(
        main_document=report,
        documents=[report, deck, annex],
        resource_links=[
            ("document", {"label": "Compte rendu (rappel)", "document": report}),
            ("document", {"label": "Les supports de l'atelier 1", "document": deck}),
        ],
    )
    html = client.get(page.url).content.decode()
    links = _links(html)
    for doc in (report, deck, annex):
        assert links.count(doc.url) == 1, doc.title
    assert "Compte rendu (rappel)" not in html
    resources = html.split('id="h-res"', 1)[1].split("</section>", 1)[0]
    assert deck.url in resources and "Les supports de l&#x27;atelier 1" in resources
    others = html.split('id="h-docs"', 1)[1].split("</section>", 1)[0]
    assert annex.url in others and deck.url not in others and report.url not in others


def test_a_private_document_in_the_resource_list_is_named_only_to_those_its_collection_admits(
    client, db, media_root, django_user_model
):
    # « Ressources » named a document of a restricted collection to everyone (its label, its links), while the
    # main document and the « Documents » tab hid it.
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(instance=Collection(name="Interne"))
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type="groups"
    )
    restriction.groups.add(Group.objects.create(name="Bureau du réseau"))
    secret = _doc("Budget interne du club", "budget-interne.pdf")
    secret.collection = private
    secret.save()
    page = _meeting_with(
        resource_links=[("document", {"label": "Budget prévisionnel interne", "document": secret})]
    )
    html = client.get(page.url).content.decode()
    assert "Budget prévisionnel interne" not in html and secret.url not in html
    assert 'id="h-res"' not in html  # no empty « Ressources » heading

    member = django_user_model.objects.create_user("membre", password="x")
    member.groups.add(Group.objects.get(name="Bureau du réseau"))
    client.force_login(member)
    html = client.get(page.url).content.decode()
    resources = html.split('id="h-res"', 1)[1].split("</section>", 1)[0]
    assert "Budget prévisionnel interne" in resources and secret.url in resources


def test_the_label_given_in_the_documents_tab_names_the_document_for_visitors(
    client, db, media_root
):
    # The tab's « Libellé » (« Par défaut : le titre du document ») was ignored: the list showed the title.
    from resources.models import ResourceDocumentLink

    annex = _doc("annexe-2024-v3-final", "annexe.pdf")
    untitled = _doc("Liste des participants", "participants.pdf")
    page = _meeting_with()
    page.attached_documents = [
        ResourceDocumentLink(document=annex, label="Annexe : budget du club"),
        ResourceDocumentLink(document=untitled),
    ]
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    others = html.split('id="h-docs"', 1)[1].split("</section>", 1)[0]
    names = re.findall(r'<span class="document-title">([^<]*)</span>', others)
    assert names == ["Annexe : budget du club", "Liste des participants"], names


def test_a_page_of_the_resource_list_is_linked_only_while_the_visitor_may_read_it(
    client, db, media_root, django_user_model
):
    # « Page du site » linked an unpublished or restricted page to every visitor: a dead link (404 or a login).
    from wagtail.models import PageViewRestriction

    from testing import factories

    index = factories.site_tree()
    draft = factories.meeting(index, "Atelier en préparation", publish=False)
    members = factories.meeting(index, "Compte rendu réservé aux membres")
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    published = factories.meeting(index, "Atelier ouvert à tous")
    page = _meeting_with(
        resource_links=[
            ("page", {"label": "Programme de l'atelier", "page": draft}),
            ("page", {"label": "Notes des membres", "page": members}),
            ("page", {"label": "Atelier public", "page": published}),
        ]
    )
    resources = client.get(page.url).content.decode().split('id="h-res"', 1)[1]
    resources = resources.split("</section>", 1)[0]
    assert published.url in resources and "Atelier public" in resources
    assert "Programme de l'atelier" not in resources and "Notes des membres" not in resources

    draft.save_revision().publish()
    client.force_login(django_user_model.objects.create_user("membre", password="x"))
    resources = client.get(page.url).content.decode().split('id="h-res"', 1)[1]
    resources = resources.split("</section>", 1)[0]
    draft.refresh_from_db()
    assert draft.url in resources and members.url in resources and "Notes des membres" in resources
