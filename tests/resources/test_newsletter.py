"""The newsletter block: chosen resources, or those published since a date, as e-mail-safe HTML and text."""

from __future__ import annotations

import io
from datetime import date, timedelta

from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.test.utils.form_data import nested_form_data, streamfield

from actors.models import Organisation
from home.demo.documents import make_logo
from resources.models import MeetingReportPage, ResourceDocumentLink, ToolkitPage
from resources.newsletter import (
    NewsletterExtrasBlock,
    extra_items,
    newsletter_items,
    render_html,
    render_text,
)
from testing import factories
from testing.factories import add


def _pages(index):
    old = add(
        index,
        ToolkitPage(
            title="Fiche ancienne",
            slug="ancienne",
            summary="Publiée il y a longtemps.",
            date=date(2022, 5, 1),
        ),
    )
    old.first_published_at = timezone.now() - timedelta(days=60)
    old.save()
    meeting = add(
        index,
        MeetingReportPage(
            title="Rencontre <du> club & co",
            slug="rencontre",
            summary="Deux visites apprenantes et deux ateliers.",
            date=date(2023, 11, 30),
        ),
    )
    return old, meeting


def test_html_is_table_based_inline_styled_and_absolute(index):
    _, meeting = _pages(index)
    html = render_html(newsletter_items([meeting]), "Nouvelles ressources")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find().name == "table" and soup.find("table")["role"] == "presentation"
    assert not soup.find(["style", "script", "img", "link", "div"]) and "class=" not in html
    assert all(tag.get("style") for tag in soup.find_all(["td", "p", "a"]))
    link = soup.find("a")
    assert link["href"] == "http://localhost/ressources/rencontre/"
    assert (
        link.get_text() == "Rencontre <du> club & co"
    )  # escaped in the HTML, intact for the reader
    assert "Rencontre &lt;du&gt; club &amp; co" in html
    assert "Compte rendu de rencontre · 30 novembre 2023" in html
    assert "Deux visites apprenantes et deux ateliers." in html


def test_plain_text(index):
    _, meeting = _pages(index)
    text = render_text(newsletter_items([meeting]), "Nouvelles ressources")
    assert text.splitlines()[:3] == ["Nouvelles ressources", "====================", ""]
    assert "Rencontre <du> club & co\nCompte rendu de rencontre · 30 novembre 2023\n" in text
    assert "http://localhost/ressources/rencontre/\n" in text
    assert all(len(line) <= 72 for line in text.splitlines() if not line.startswith("http"))


def test_campaign_parameters_are_added_on_request(index):
    _, meeting = _pages(index)
    [item] = newsletter_items([meeting], campaign="lettre-2024-03")
    assert item.url == (
        "http://localhost/ressources/rencontre/?utm_source=maillage&utm_medium=email"
        "&utm_campaign=lettre-2024-03"
    )


def test_admin_view_by_choice_and_by_date(client, admin_user, index):
    old, meeting = _pages(index)
    client.force_login(admin_user)
    url = reverse("maillage_newsletter_block")
    page = client.get(url).content.decode()
    assert "Bloc pour la lettre d'information" in page and "Fiche ancienne" in page

    chosen = client.get(
        url, {"generer": "1", "pages": [old.pk], "heading": "À lire"}
    ).content.decode()
    soup = BeautifulSoup(chosen, "html.parser")
    snippet = soup.find(id="newsletter-html").get_text()
    assert "Fiche ancienne" in snippet and "Rencontre" not in snippet and "À lire" in snippet
    assert "Fiche ancienne" in soup.find(id="newsletter-text").get_text()
    copies = {
        b["data-newsletter-copy"]: b.get_text(strip=True)
        for b in soup.select("button[data-newsletter-copy]")
    }
    assert copies == {"html": "Copier le HTML", "text": "Copier le texte"}
    for kind in (
        "html",
        "text",
    ):  # each button copies its own version (Wagtail's clipboard controller)
        box = soup.find(id=f"newsletter-{kind}")
        assert box["data-w-clipboard-target"] == "value"
        assert (
            box.find_parent(attrs={"data-controller": "w-clipboard w-clone"}).find(
                "button", attrs={"data-newsletter-copy": kind}
            )
            is not None
        )

    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    recent = BeautifulSoup(client.get(url, {"generer": "1", "since": since}).content, "html.parser")
    snippet = recent.find(id="newsletter-html").get_text()
    assert "Rencontre &lt;du&gt; club" in snippet and "Fiche ancienne" not in snippet

    mangled = client.get(url, {"generer": "1", "extras-count": "x", "extras-0-type": "document"})
    assert mangled.status_code == 200
    empty = client.get(url, {"generer": "1"}).content.decode()
    assert "Cochez au moins une ressource, indiquez une date ou ajoutez un élément." in empty


def test_admin_view_needs_an_admin_login(client, index):
    response = client.get(reverse("maillage_newsletter_block"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def _image(title: str, collection=None):
    image = get_image_model()(title=title, description=f"Photo {title}")
    image.file = ImageFile(io.BytesIO(make_logo(title)), name=f"{title.lower()}.png")
    if collection is not None:
        image.collection = collection
    image.save()
    return image


def _extras(index):
    """A public document (attached to a live page), a draft-only one, one of a private collection, an organisation
    with its logo, an external link with a public image and one with a private image."""
    secret = Collection.get_first_root_node().add_child(name="Interne")
    CollectionViewRestriction.objects.create(
        collection=secret, restriction_type="password", password="x"
    )
    public = factories.document(b"%PDF-1.4 a", title="Guide de la commande publique")
    add(
        index,
        MeetingReportPage(
            title="Rencontre achats", slug="achats", summary="Achats.", date=date(2024, 2, 1)
        ),
        attached_documents=[ResourceDocumentLink(document=public)],
    )
    draft_only = factories.document(b"%PDF-1.4 b", title="Brouillon confidentiel")
    draft = MeetingReportPage(
        title="Brouillon", slug="brouillon", date=date(2024, 2, 1), live=False
    )
    index.add_child(instance=draft)
    draft.attached_documents = [ResourceDocumentLink(document=draft_only)]
    draft.save()
    draft.save_revision()
    private = factories.document(b"%PDF-1.4 c", title="Note interne")
    private.collection = secret
    private.save()
    actor = Organisation.objects.create(
        name="Les Tabliers Solidaires",
        description="Couture d'insertion. " * 30,
        logo=_image("Tabliers"),
    )
    block = NewsletterExtrasBlock()
    value = block.to_python(
        [
            {
                "type": "document",
                "value": {"document": public.pk, "summary": "Le guide pas à pas."},
            },
            {"type": "document", "value": {"document": draft_only.pk, "summary": ""}},
            {"type": "document", "value": {"document": private.pk, "summary": ""}},
            {"type": "organisation", "value": {"organisation": actor.pk, "summary": ""}},
            {
                "type": "link",
                "value": {
                    "title": "Appel à projets ESS",
                    "url": "https://example.org/appel",
                    "image": _image("Affiche").pk,
                    "text": "Jusqu'au 31 janvier.",
                },
            },
            {
                "type": "link",
                "value": {
                    "title": "Lien sans image publique",
                    "url": "https://example.org/b",
                    "image": _image("Secrete", collection=secret).pk,
                    "text": "",
                },
            },
        ]
    )
    return value, {"public": public, "draft_only": draft_only, "private": private, "actor": actor}


def test_documents_organisations_and_links_with_their_images(index):
    value, made = _extras(index)
    items = extra_items(value, campaign="lettre-2024-03")
    assert [i.title for i in items] == [
        "Guide de la commande publique",
        "Les Tabliers Solidaires",
        "Appel à projets ESS",
        "Lien sans image publique",
    ]
    document, actor, link, unlit = items
    assert document.url.startswith(
        f"http://localhost/document/{made['public'].pk}/guide-de-la-commande-publique/"
    )
    assert (
        "utm_campaign=lettre-2024-03" in document.url and document.summary == "Le guide pas à pas."
    )
    assert (
        document.type_label == "Document"
        and document.date_label == "1er février 2024"
        and not document.image_url
    )
    assert actor.url.startswith(
        "http://localhost/acteurs/les-tabliers-solidaires/?utm_source=maillage"
    )
    assert actor.image_url.startswith("http://localhost/media/images/")
    assert actor.image_alt == "Les Tabliers Solidaires (logo)"
    assert len(actor.summary) <= 300 and actor.summary.endswith("…")
    assert link.url == "https://example.org/appel" and link.image_url.startswith(
        "http://localhost/media/images/"
    )
    assert link.image_alt == "Photo Affiche" and link.summary == "Jusqu'au 31 janvier."
    assert unlit.image_url == "" and unlit.image_alt == ""  # a restricted image never goes out

    html = render_html(items, "À lire")
    soup = BeautifulSoup(html, "html.parser")
    images = soup.find_all("img")
    assert [i["src"] for i in images] == [actor.image_url, link.image_url]
    assert all(i.get("alt") and i.get("width") == "560" and i.get("style") for i in images)
    assert "Brouillon confidentiel" not in html and "Note interne" not in html
    text = render_text(items, "À lire")
    assert (
        "Lien externe\n" in text
        and "https://example.org/appel\n" in text
        and "Note interne" not in text
    )


def test_admin_view_takes_extras_from_the_choosers(client, admin_user, index):
    value, made = _extras(index)
    client.force_login(admin_user)
    url = reverse("maillage_newsletter_block")
    form = client.get(url).content.decode()
    assert "data-newsletter-extras" in form and "Documents, structures et liens" in form
    data = nested_form_data(
        {
            "extras": streamfield(
                [
                    ("document", {"document": made["public"].pk, "summary": ""}),
                    ("document", {"document": made["private"].pk, "summary": ""}),
                    (
                        "organisation",
                        {"organisation": made["actor"].pk, "summary": "Un atelier de couture."},
                    ),
                    (
                        "link",
                        {
                            "title": "Appel à projets ESS",
                            "url": "https://example.org/appel",
                            "image": "",
                            "text": "Vite.",
                        },
                    ),
                ]
            )
        }
    )
    response = client.get(url, {"generer": "1", "heading": "À lire", **data})
    soup = BeautifulSoup(response.content, "html.parser")
    snippet = soup.find(id="newsletter-html").get_text()
    assert "Guide de la commande publique" in snippet and "Un atelier de couture." in snippet
    assert "https://example.org/appel" in snippet and "Note interne" not in snippet
    assert "Résultat : 3 éléments" in soup.get_text()
