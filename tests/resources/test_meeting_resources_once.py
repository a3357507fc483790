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
