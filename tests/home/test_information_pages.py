"""The pages a French public site must have (mentions légales, accessibilité, données personnelles, contact), linked
from every footer through the site's settings; the breadcrumb of resource pages; the HTML site map."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import PageViewRestriction, Site

from home.models import FooterLinks, HomePage, StandardPage
from testing import factories


def footer(html: str) -> list[tuple[str, str]]:
    part = html.split('<footer class="site-footer">', 1)[1]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', part.split("</nav>", 1)[0])


def add_page(kind: str, title: str, **fields) -> StandardPage:
    home = HomePage.objects.get()
    page = StandardPage(title=title, slug=kind, kind=kind, body="<p>Texte.</p>", **fields)
    home.add_child(instance=page)
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)


def test_demo_creates_the_four_pages_as_drafts_and_the_footer_links_them_once_completed(
    client, demo
):
    """No legal page goes live with « [nom de la structure éditrice] »: drafts, listed on the dashboard with what is
    left; once the publisher has completed and published them, every footer links them."""
    from home.wagtail_hooks import pages_to_complete

    assert not StandardPage.objects.live().exists()
    drafts = {p.kind: p for p in StandardPage.objects.all()}
    assert set(drafts) == {"mentions-legales", "accessibilite", "donnees-personnelles", "contact"}
    assert client.get("/mentions-legales/").status_code == 404
    assert [label for _, label in footer(client.get("/").content.decode())] == ["Plan du site"]
    todo = {item["page"].kind: item["placeholders"] for item in pages_to_complete()}
    assert "[nom de la structure éditrice]" in todo["mentions-legales"] and len(todo) == 4
    # The accessibility statement claims no evaluation that did not happen.
    assert (
        drafts["accessibilite"].conformity == "non conforme"
        and drafts["accessibilite"].assessed_on is None
    )
    for page in drafts.values():  # the publisher completes each page, then publishes it
        draft = page.get_latest_revision_as_object()
        draft.body = re.sub(r"\[[^\]]+\]", "Réseau des collectivités", draft.body)
        draft.save_revision().publish()
    assert pages_to_complete() == []
    expected = [
        ("/mentions-legales/", "Mentions légales"),
        ("/accessibilite/", "Accessibilité : non conforme"),
        ("/donnees-personnelles/", "Données personnelles"),
        ("/contact/", "Contact"),
        ("/plan-du-site/", "Plan du site"),
    ]
    for url in [
        "/",
        demo.url,
        "/ressources/",
        "/recherche/?q=club",
        "/acteurs/",
        "/plan-du-site/",
        "/page-absente/",
    ]:
        response = client.get(url)
        assert footer(response.content.decode()) == expected, url
    for page in drafts.values():
        response = client.get(page.url)
        assert response.status_code == 200 and len(response.content.decode()) > 1500, page.url
        assert "[" not in response.content.decode().split("<main", 1)[1].split("</main>", 1)[0], (
            page.url
        )
    accessibility = client.get("/accessibilite/").content.decode()
    assert "Défenseur des droits" in accessibility
    assert "Aucune évaluation de conformité n'a encore été réalisée" in accessibility
    assert "Évaluation réalisée le" not in accessibility
    assert "CNIL" in client.get("/donnees-personnelles/").content.decode()


def test_the_page_form_refuses_to_publish_bracketed_passages(admin_user, demo):
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    page = StandardPage.objects.get(kind="mentions-legales")
    form_class = page.get_edit_handler().get_form_class()
    converter = ContentstateConverter(StandardPage._meta.get_field("body").features)

    def form(action: str, body: str):
        data = {
            "title": page.title,
            "slug": page.slug,
            "kind": page.kind,
            "conformity": "",
            "compliance_rate": "",
            "assessed_on": "",
            "body": converter.from_database_format(body),
            action: "1",
        }
        return form_class(data, instance=page, parent_page=page.get_parent(), for_user=admin_user)

    for action in ("action-publish", "action-submit"):
        refused = form(action, page.body)
        assert not refused.is_valid()
        assert (
            "Avant publication, remplacez les passages entre crochets : [nom de la structure éditrice]"
            in str(refused.errors["body"])
        )
    assert form("action-save", page.body).is_valid()  # a draft may keep them
    assert form(
        "action-publish", "<p>Le site est édité par le Réseau des collectivités.</p>"
    ).is_valid()


def test_accessibility_page_states_its_rgaa_conformity_with_a_french_date(client, db):
    factories.site_tree()
    add_page(
        "accessibilite",
        "Accessibilité",
        conformity="partiellement conforme",
        assessed_on=date(2026, 3, 1),
        compliance_rate="65.5",
    )
    html = client.get("/accessibilite/").content.decode()
    assert (
        "<strong>partiellement conforme</strong> avec le référentiel général d'amélioration de "
        "l'accessibilité"
    ) in html
    assert "65,5 % des critères" in html
    assert '<time datetime="2026-03-01">1er mars 2026</time>' in html


def test_editors_choose_the_footer_pages_in_the_site_settings(client, db):
    factories.site_tree()
    first = add_page("contact", "Nous écrire")
    other = add_page("autre", "Écrire à l'équipe")
    assert ("/contact/", "Contact") in footer(client.get("/").content.decode())
    settings = FooterLinks.for_site(Site.objects.get(is_default_site=True))
    settings.contact = other
    settings.save()
    links = footer(client.get("/").content.decode())
    assert ("/autre/", "Autre page") in links and ("/contact/", "Contact") not in links
    other.unpublish()  # a chosen page taken offline: the footer falls back to the live page of that type
    assert ("/contact/", "Contact") in footer(client.get("/").content.decode())
    first.unpublish()
    assert [label for _, label in footer(client.get("/").content.decode())] == ["Plan du site"]


def test_page_types_are_validated_in_french(db):
    factories.site_tree()
    page = StandardPage(title="Accessibilité", slug="a11y", kind="accessibilite")
    with pytest.raises(ValidationError, match="état de conformité au RGAA"):
        page.clean()
    page.conformity = (
        "partiellement conforme"  # a claim that rests on an evaluation: its date is required
    )
    with pytest.raises(ValidationError, match="indiquez sa date"):
        page.clean()
    page.conformity = "non conforme"
    page.clean()
    add_page("contact", "Contact")
    with pytest.raises(ValidationError, match="déjà la page Contact"):
        StandardPage(title="Autre contact", slug="c2", kind="contact").clean()
    StandardPage(
        title="À propos", slug="a-propos", kind="autre"
    ).clean()  # any number of other pages


def test_resource_page_has_a_breadcrumb(client, db):
    index = factories.site_tree()
    page = factories.meeting(index, "Rencontre de printemps")
    html = client.get(page.url).content.decode()
    nav = re.search(r'<nav aria-label="Fil d\'Ariane" class="breadcrumb">(.*?)</nav>', html).group(
        1
    )
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav) == [
        ("/", "Accueil"),
        ("/ressources/", "Ressources"),
    ]
    assert '<li aria-current="page">Rencontre de printemps</li>' in nav


def test_site_map_lists_public_pages_only(client, db):
    index = factories.site_tree()
    factories.meeting(index, "Rencontre publique")
    factories.meeting(index, "Brouillon secret", publish=False)
    private = factories.meeting(index, "Réunion réservée")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    withdrawn = factories.meeting(index, "Rencontre retirée")
    withdrawn.unpublish()
    add_page("contact", "Contact")
    html = client.get("/plan-du-site/").content.decode()
    assert "<h1>Plan du site</h1>" in html
    body = html.split("<h1>Plan du site</h1>", 1)[1].split("</main>", 1)[0]
    assert "Rencontre publique" in body and "Ressources" in body and ">Contact<" in body
    assert "Annuaire des acteurs" in body
    for hidden in ("Brouillon secret", "Réunion réservée", "Rencontre retirée"):
        assert hidden not in body, hidden
    assert body.index("Ressources") < body.index("Rencontre publique")  # nested under its listing
