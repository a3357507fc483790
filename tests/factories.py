"""Small builders for test content, going through the same model methods editors trigger."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.files.base import ContentFile
from wagtail.models import Page, Site

from home.models import HomePage
from resources.models import MeetingReportPage, ResourceDocument, ResourceDocumentLink, ResourceIndexPage


def site_tree() -> ResourceIndexPage:
    """Home page as site root, with a resource listing under it."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        Page.objects.filter(depth=2).exclude(content_type__model="homepage").delete()
        home = root.add_child(instance=HomePage(title="Accueil", slug="accueil"))
        Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})
    index = ResourceIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=ResourceIndexPage(title="Ressources", slug="ressources"))
        index.save_revision().publish()
    return index


def document(source: Path | bytes, title: str = "", filename: str = "document.pdf") -> ResourceDocument:
    content = source.read_bytes() if isinstance(source, Path) else source
    name = source.name if isinstance(source, Path) else filename
    doc = ResourceDocument(title=title or name)
    doc.file.save(name, ContentFile(content), save=False)
    doc.save()
    return doc


def meeting(index: ResourceIndexPage, title: str, *, publish: bool = True, documents=(), territories=(),
            **fields) -> MeetingReportPage:
    from resources.models import ResourceTerritory

    fields.setdefault("date", date(2024, 3, 14))
    fields.setdefault("live", False)  # a draft until published, as in the admin
    page = MeetingReportPage(title=title, **fields)
    index.add_child(instance=page)
    if documents:
        page.attached_documents = [ResourceDocumentLink(document=d) for d in documents]
    if territories:
        page.page_territories = [ResourceTerritory(territory=t) for t in territories]
    page.save()  # child rows (documents, territories) are written with the draft too
    revision = page.save_revision()
    if publish:
        revision.publish()
    return MeetingReportPage.objects.get(pk=page.pk)


def complete_information_pages() -> None:
    """What the publisher does after install: replaces the bracketed passages of the legal pages, then publishes."""
    import re

    from home.models import StandardPage

    for page in StandardPage.objects.all():
        draft = page.get_latest_revision_as_object()
        draft.body = re.sub(r"\[[^\]]+\]", "Réseau des collectivités pour l'ESS", draft.body)
        draft.save_revision().publish()
