"""Small builders of content for the tests and benchmarks, going through the same model methods editors trigger:
the site tree, documents, meetings (an upcoming one open to registration), pages added and published, images."""

from __future__ import annotations

import io
from datetime import date, time, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from home.demo.documents import make_logo
from home.models import HomePage
from resources.models import (
    MeetingReportPage,
    MeetingSession,
    ResourceDocument,
    ResourceDocumentLink,
    ResourceIndexPage,
)
from taxonomy.models import Territory


def site_tree() -> ResourceIndexPage:
    """Home page as site root, with a resource listing under it."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        Page.objects.filter(depth=2).exclude(content_type__model="homepage").delete()
        home = root.add_child(instance=HomePage(title="Accueil", slug="accueil"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
        )
    index = ResourceIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=ResourceIndexPage(title="Ressources", slug="ressources"))
        index.save_revision().publish()
    return index


def document(
    source: Path | bytes, title: str = "", filename: str = "document.pdf"
) -> ResourceDocument:
    content = source.read_bytes() if isinstance(source, Path) else source
    name = source.name if isinstance(source, Path) else filename
    doc = ResourceDocument(title=title or name)
    doc.file.save(name, ContentFile(content), save=False)
    doc.save()
    return doc


def meeting(
    index: ResourceIndexPage,
    title: str,
    *,
    publish: bool = True,
    documents=(),
    territories=(),
    **fields,
) -> MeetingReportPage:
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


def publish(page: Page) -> Page:
    page.save_revision().publish()
    return page.specific_class.objects.get(pk=page.pk)


def add(parent: Page, page: Page, **relations) -> Page:
    """Adds `page` under `parent` with its child relations, publishes it and returns it fresh from the DB."""
    page.date = getattr(page, "date", None) or date(2024, 3, 14)
    parent.add_child(instance=page)
    for name, value in relations.items():
        setattr(page, name, value)
    return publish(page)


def image(title: str, filename: str):
    """A Wagtail image (a generated logo) with a description."""
    image = get_image_model()(title=title, description="Les participants au Périscope")
    image.file = ImageFile(io.BytesIO(make_logo(title)), name=filename)
    image.save()
    return image


def upcoming_meeting(
    days: int = 20, capacity: int = 15, sessions: int = 2, **fields
) -> MeetingReportPage:
    index = site_tree()
    commune = Territory.objects.filter(
        level="commune", code="31555"
    ).first() or Territory.objects.create(
        level="commune",
        code="31555",
        name="Toulouse",
        postal_codes="31000 31100",
        latitude=43.6,
        longitude=1.44,
    )
    fields.setdefault("registration", MeetingReportPage.Registration.OPEN)
    page = meeting(
        index,
        fields.pop("title", "Rencontre du club : l'ESS, moteur des territoires"),
        date=timezone.localdate() + timedelta(days=days),
        start_time=time(9, 30),
        end_time=time(16, 30),
        venue="Le Périscope",
        address="12 rue des Arts",
        commune=commune,
        publish=False,
        **fields,
    )
    for number in range(sessions):
        MeetingSession.objects.create(
            page=page,
            title=f"Visite {number + 1} : recyclerie {'AB'[number % 2]}",
            capacity=capacity,
            start_time=time(14),
            end_time=time(16),
            sort_order=number,
        )
    page.save_revision().publish()
    return MeetingReportPage.objects.get(pk=page.pk)
