"""A page per document and the in-site viewer (issue 13): stable addresses, what the page says, the sitemap, the
search API's viewer links, and exactly the document's visibility on every path."""

from __future__ import annotations

import re
from datetime import date
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from resources.document_urls import document_page_url, viewer_url
from resources.models import DocumentText
from testing import factories
from testing.pdfs import pdf

PAGES = ["Premiere page du bilan.", "Le bilan des ressourceries en seconde page."]


@pytest.fixture
def public_doc(db, media_root):
    doc = factories.document(
        pdf(*PAGES), title="Bilan des ressourceries 2024", filename="bilan.pdf"
    )
    doc.extracted_unit, doc.page_count, doc.extraction_status = "page", 2, "done"
    doc.save()
    DocumentText.objects.bulk_create(
        [DocumentText(document=doc, number=n, text=t) for n, t in enumerate(PAGES, 1)]
    )
    index = factories.site_tree()
    factories.meeting(index, "Rencontre des ressourceries", documents=[doc])
    private = factories.meeting(
        index, "Réunion interne du bureau", documents=[doc], date=date(2025, 1, 9)
    )
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return doc


def test_document_page_says_what_the_document_is(client, public_doc):
    url = document_page_url(public_doc.pk, public_doc.title)
    assert url == f"/document/{public_doc.pk}/bilan-des-ressourceries-2024/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Bilan des ressourceries 2024</h1>" in html
    assert (
        "2 pages" in html
        and "PDF" in html
        and re.search(r"<dt>Taille</dt><dd>\d+(,\d)?( octets|\xa0ko)</dd>", html)
    )
    assert (
        "Rencontre des ressourceries" in html and "Réunion interne" not in html
    )  # public pages only
    # its date is the one search gives it: the public page's (not the private one's, nor the upload's)
    assert '<dt>Date</dt><dd><time datetime="2024-03-14">14 mars 2024</time></dd>' in html
    assert f'src="/apercu/document/{public_doc.pk}/1.png"' in html and 'loading="lazy"' in html
    assert f'href="{public_doc.url}" download' in html
    assert "data-pdf-viewer" in html and f'data-file="{public_doc.url}"' in html
    assert (
        f'<link rel="canonical" href="http://localhost{url}">' in html
        and 'property="og:title"' in html
    )
    assert 'content="noindex"' not in html


def test_address_is_id_based_and_slug_cosmetic(client, public_doc):
    canonical = document_page_url(public_doc.pk, public_doc.title)
    response = client.get(f"/document/{public_doc.pk}/")
    assert response.status_code == 301 and response["Location"] == canonical
    response = client.get(f"/document/{public_doc.pk}/ancien-titre/lecture/?page=2&q=bilan")
    assert response.status_code == 301
    assert response["Location"] == viewer_url(public_doc.pk, public_doc.title, 2, "bilan")
    public_doc.title = "Bilan renommé"
    public_doc.save()
    response = client.get(canonical)
    assert (
        response.status_code == 301
        and response["Location"] == f"/document/{public_doc.pk}/bilan-renomme/"
    )
    assert client.get("/document/99999999999999/x/").status_code == 404
    assert client.get(f"/document/{public_doc.pk}/bilan-renomme/").status_code == 200


def test_viewer_opens_at_the_page_with_the_words(client, public_doc):
    url = viewer_url(public_doc.pk, public_doc.title, 2, "ressourceries -vide")
    html = client.get(url).content.decode()
    assert 'data-page="2"' in html and 'data-q="ressourceries -vide"' in html
    assert (
        'value="2"' in html and f'href="{public_doc.url}#page=2"' in html
    )  # fallback: the file at the page
    assert 'content="noindex"' in html  # the document page is the one to index
    for hostile in ("0", "-3", "abc", "999999999999"):
        response = client.get(url.split("?")[0], {"page": hostile})
        assert response.status_code == 200
        assert re.search(r'data-page="[12]"', response.content.decode()), hostile


def test_viewer_page_policy_allows_the_module_worker_without_eval(client, public_doc):
    response = client.get(viewer_url(public_doc.pk, public_doc.title))
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "unsafe-eval" not in policy
        and "unsafe-inline" not in policy
    )
    assert 'type="module"' in response.content.decode()


def test_office_document_page_says_why_it_downloads(client, db, media_root):
    doc = factories.document(b"PK\x03\x04 not really", title="Diaporama", filename="diaporama.pptx")
    url = document_page_url(doc.pk, doc.title)
    html = client.get(url).content.decode()
    assert "ne peut pas être affiché dans le site" in html and "data-pdf-viewer" not in html
    response = client.get(f"{url}lecture/")
    assert response.status_code == 302 and response["Location"] == url


def test_private_documents_page_viewer_file_and_thumbnail_refused_to_visitors(client, private_docs):
    for doc in private_docs:
        page_url = document_page_url(doc.pk, doc.title)
        for url in (f"{page_url}document.pdf", f"/apercu/document/{doc.pk}/1.png"):
            assert client.get(url).status_code == 404, (doc.title, url)
        # The page, the viewer and the file lead to Wagtail's login when a restriction stands in the way (issue 22,
        # item 13), and answer 404 for a draft's document; never the content.
        for url in (page_url, f"{page_url}lecture/?page=1", doc.url):
            response = client.get(url)
            if doc.title == "Brouillon":
                assert response.status_code == 404, (doc.title, url)
            else:
                assert response.status_code == 302 and "/login/" in response["Location"], (
                    doc.title,
                    url,
                )


def test_group_member_sees_private_collection_document_page(
    client, private_docs, django_user_model
):
    member = django_user_model.objects.create_user("membre", password="x")
    member.groups.add(Group.objects.get(name="Bureau"))
    client.force_login(member)
    doc = private_docs[0]
    html = client.get(document_page_url(doc.pk, doc.title)).content.decode()
    assert "<h1>Annexe</h1>" in html and 'content="noindex"' in html  # shown, but never indexed
    assert client.get(f"{document_page_url(doc.pk, doc.title)}lecture/").status_code == 200


def test_sitemap_lists_public_document_pages_only(client, public_doc, private_docs):
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = [u.find("{http://www.sitemaps.org/schemas/sitemap/0.9}loc").text for u in root]
    assert f"http://localhost{document_page_url(public_doc.pk, public_doc.title)}" in locations
    for doc in private_docs:
        assert not any(f"/document/{doc.pk}/" in loc for loc in locations), doc.title
    assert (
        "http://localhost/ressources/rencontre-des-ressourceries/" in locations
    )  # pages are still there


def test_search_api_and_results_link_into_the_viewer(client, public_doc, search_backend):
    from search.indexing import rebuild

    rebuild()
    data = client.get("/api/search/", {"q": "ressourceries seconde"}).json()
    hit = next(r for r in data["results"] if r["kind"] == "document")
    expected = viewer_url(public_doc.pk, public_doc.title, 2, "ressourceries seconde")
    assert hit["viewer_url"] == expected and expected.endswith(
        "/lecture/?page=2&q=ressourceries+seconde"
    )
    assert hit["page_url"] == document_page_url(public_doc.pk, public_doc.title)
    passage = next(h for h in hit["highlights"] if h["page"] == 2)
    assert (
        passage["viewer_url"] == expected and passage["url"] == f"{public_doc.url}#page=2"
    )  # file still works
    html = client.get("/recherche/", {"q": "ressourceries seconde"}).content.decode()
    assert expected.replace("&", "&amp;") in html
    assert f'href="{hit["page_url"]}"' in html


def test_search_feed_links_a_document_to_its_page(client, public_doc, private_docs, search_backend):
    from search.indexing import rebuild

    rebuild()
    atom = "{http://www.w3.org/2005/Atom}"
    query = {"q": "bilan OR annexe OR note OR brouillon"}  # the private documents' titles too
    feed = ElementTree.fromstring(client.get("/recherche/flux.atom", query).content)
    entries = {e.find(f"{atom}title").text: e for e in feed.iter(f"{atom}entry")}
    entry = entries["Bilan des ressourceries 2024"]
    assert (
        entry.find(f"{atom}link")
        .get("href")
        .endswith(document_page_url(public_doc.pk, public_doc.title))
    )
    assert entry.find(f"{atom}id").text.endswith(
        f"/document/{public_doc.pk}/"
    )  # stable across renames
    assert public_doc.url not in ElementTree.tostring(entry, encoding="unicode")  # not the raw file
    assert not {d.title for d in private_docs} & entries.keys()


def test_alert_digest_opens_a_document_passage_in_the_viewer(public_doc, search_backend):
    from datetime import timedelta

    from django.utils import timezone

    from alerts.matching import new_matches
    from alerts.saved import SavedSearch
    from search.indexing import rebuild

    rebuild()
    now = timezone.now()
    matches = new_matches(SavedSearch("ressourceries seconde", {}), now - timedelta(days=1), now)
    match = next(m for m in matches if m.title == "Rencontre des ressourceries")
    assert match.where == "Page 2 de « Bilan des ressourceries 2024 »"
    assert match.where_path == viewer_url(
        public_doc.pk, public_doc.title, 2, "ressourceries seconde"
    )


def test_resource_page_links_its_documents_to_their_page(client, public_doc):
    from resources.models import MeetingReportPage

    page = MeetingReportPage.objects.get(title="Rencontre des ressourceries")
    html = client.get(page.url).content.decode()
    assert (
        f'href="{document_page_url(public_doc.pk, public_doc.title)}"' in html
        and f'href="{public_doc.url}"' in html
    )
