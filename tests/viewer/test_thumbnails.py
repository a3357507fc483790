"""Page thumbnails (issue 13): rendered with PDFium, cached, renewed with the file, gone with the document,
and exactly as visible as the document."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from PIL import Image

from resources.thumbnails import WIDTH, _folder
from testing import factories
from testing.pdfs import pdf


def _url(doc, page: int = 1) -> str:
    return f"/apercu/document/{doc.pk}/{page}.png"


@pytest.fixture
def public_doc(db, media_root):
    return factories.document(
        pdf("Premiere page du bilan.", "Seconde page du bilan."),
        title="Bilan",
        filename="bilan.pdf",
    )


def test_thumbnail_is_a_small_png_of_the_page_and_is_cached(client, public_doc):
    response = client.get(_url(public_doc, 2))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert image.width == WIDTH and image.height > WIDTH  # A4 portrait
    files = list(_folder(public_doc.pk).glob("*.png"))
    assert len(files) == 1
    mtime = files[0].stat().st_mtime_ns
    client.get(_url(public_doc, 2))
    assert files[0].stat().st_mtime_ns == mtime  # served from the cache, not rendered again


def test_no_such_page_or_hostile_numbers_are_404(client, public_doc):
    assert client.get(_url(public_doc, 3)).status_code == 404
    assert client.get(_url(public_doc, 0)).status_code == 404
    assert client.get(f"/apercu/document/{public_doc.pk}/99999999999999.png").status_code == 404
    assert client.get("/apercu/document/99999999999999/1.png").status_code == 404


def test_corrupt_file_gives_404_not_500(client, db, media_root):
    doc = factories.document(b"%PDF-1.4 not really a pdf", title="Cassé", filename="casse.pdf")
    assert client.get(_url(doc)).status_code == 404


def test_replaced_file_gets_new_thumbnails_and_delete_removes_them(client, public_doc):
    first = b"".join(client.get(_url(public_doc)).streaming_content)
    public_doc.file.save(
        "bilan2.pdf", ContentFile(pdf("Tout autre contenu, " * 4, "x")), save=False
    )
    public_doc._set_document_file_metadata()
    public_doc.save()
    second = b"".join(client.get(_url(public_doc)).streaming_content)
    assert first != second
    assert len(list(_folder(public_doc.pk).glob("*.png"))) == 1  # the stale image is gone
    folder = _folder(public_doc.pk)
    public_doc.delete()
    assert not folder.exists()


def test_private_documents_thumbnails_refused_to_visitors(client, private_docs):
    for doc in private_docs:
        assert client.get(_url(doc)).status_code == 404, doc.title
        assert not _folder(doc.pk).exists()


def test_group_member_sees_private_collection_thumbnail(client, private_docs, django_user_model):
    member = django_user_model.objects.create_user("membre", password="x")
    member.groups.add(Group.objects.get(name="Bureau"))
    client.force_login(member)
    assert client.get(_url(private_docs[0])).status_code == 200


def test_search_results_show_a_lazy_thumbnail_beside_a_pdf_passage(
    client, db, search_backend, media_root
):
    from resources.models import DocumentText
    from search.indexing import rebuild

    doc = factories.document(
        pdf("Introduction.", "Le mot ornementation est en page deux."),
        title="Guide",
        filename="guide.pdf",
    )
    doc.extracted_unit, doc.page_count, doc.extraction_status = "page", 2, "done"
    doc.save()
    texts = ["Introduction.", "Le mot ornementation est en page deux."]
    DocumentText.objects.bulk_create(
        [DocumentText(document=doc, number=n, text=t) for n, t in enumerate(texts, 1)]
    )
    rebuild()
    html = client.get("/recherche/", {"q": "ornementation"}).content.decode()
    src = f'src="/apercu/document/{doc.pk}/2.png"'
    assert src in html and 'loading="lazy"' in html, html[html.find("result") :][:1500]
    assert client.get(f"/apercu/document/{doc.pk}/2.png").status_code == 200


def test_concurrent_renders_in_threads_are_serialised(db, media_root, corpus_dir):
    """A threaded server asks for several thumbnails at once: PDFium must never run in two threads together
    (it crashed the test server's process before the lock)."""
    from concurrent.futures import ThreadPoolExecutor

    from resources.thumbnails import thumbnail

    document = factories.document(corpus_dir / "tracemonkey.pdf", title="Compilation à la volée")
    with ThreadPoolExecutor(max_workers=6) as pool:
        paths = list(pool.map(lambda page: thumbnail(document, page), [1, 2, 3, 4, 5, 6, 1, 2]))
    assert all(p is not None and p.read_bytes().startswith(b"\x89PNG") for p in paths)
    assert len({p.name for p in paths}) == 6


def _strip_pdf() -> bytes:
    """One page 1 pt wide and 14,400 pt tall (the largest page PDF allows), with a line of text."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=(1, 14400))
    sheet.drawString(0, 7200, "bande")
    sheet.showPage()
    sheet.save()
    return out.getvalue()


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_page_of_hostile_shape_renders_small_quickly_and_outside_the_web_process(
    client, db, media_root
):
    """Issue 22, item 9: a 1 × 14,400 pt page took 17 s and 2.7 GB in the web process for an anonymous visitor."""
    import time

    from resources.thumbnails import MAX_HEIGHT

    doc = factories.document(_strip_pdf(), title="Bande", filename="bande.pdf")
    before = _peak_rss_mb()
    started = time.monotonic()
    response = client.get(_url(doc))
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert image.height <= MAX_HEIGHT and image.width <= WIDTH
    assert elapsed < 5, elapsed
    assert _peak_rss_mb() - before < 50  # the pixels never reached this process


def test_a_render_past_its_memory_limit_is_refused_and_the_web_process_lives(
    client, db, media_root, monkeypatch
):
    from resources import thumbnails

    doc = factories.document(_strip_pdf(), title="Bande", filename="bande.pdf")
    monkeypatch.setattr(
        thumbnails, "MAX_HEIGHT", 10_000_000
    )  # as if there were no cap: 1.1 GB of pixels
    monkeypatch.setattr(thumbnails, "RENDER_MEMORY_MB", 300)
    before = _peak_rss_mb()
    assert client.get(_url(doc)).status_code == 404
    assert _peak_rss_mb() - before < 50
    assert not list(_folder(doc.pk).glob("*.png"))
    assert client.get("/sante/").status_code == 200
