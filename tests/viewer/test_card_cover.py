"""Resource cards show the first page of the main document, lazy-loaded, only when the visitor may open it and
the viewer can show it (issue 13)."""

from __future__ import annotations

import re

import pytest
from wagtail.models import Collection, CollectionViewRestriction

from testing import factories
from testing.pdfs import pdf


def covers(html: str) -> list[str]:
    return re.findall(
        r'<img class="card-cover" src="([^"]+)" alt="" width="96" height="136" loading="lazy"', html
    )


@pytest.mark.django_db
def test_cards_show_the_main_document_first_page_when_it_may_be_seen(client, media_root):
    index = factories.site_tree()
    report = factories.document(
        pdf("Bilan du glanage.", "Annexe."), title="Bilan", filename="bilan.pdf"
    )
    note = factories.document(b"Une simple note.", title="Note", filename="note.txt")
    with_pdf = factories.meeting(index, "Rencontre avec son bilan", main_document=report)
    factories.meeting(index, "Rencontre avec une note", main_document=note)
    factories.meeting(index, "Rencontre sans document")

    html = client.get(index.url).content.decode()
    assert covers(html) == [f"/apercu/document/{report.pk}/1.png"]
    assert client.get(covers(html)[0]).status_code == 200
    assert "Rencontre avec son bilan" in html and with_pdf.title in html

    secret = Collection.get_first_root_node().add_child(name="Interne")
    CollectionViewRestriction.objects.create(
        collection=secret, restriction_type="password", password="x"
    )
    report.collection = secret
    report.save()
    assert covers(client.get(index.url).content.decode()) == []
