"""Site-wide code in `core`: templates name their links instead of writing paths, the error pages' links resolve
(even without the resources' page), and `{% hook_output %}` writes what other apps registered, escaping plain text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.template import Context, Template
from django.utils.safestring import mark_safe
from wagtail import hooks

from resources.models import ResourceIndexPage
from testing import factories

WRITTEN_PATH = re.compile(r'\b(?:href|action)="/(?!/)')


def template_files() -> list[Path]:
    roots = [Path(settings.BASE_DIR) / "site" / "templates"]
    roots += [
        path for path in Path(settings.BASE_DIR).glob("*/templates") if path.parent.name != "site"
    ]
    return [f for root in roots for f in root.rglob("*") if f.suffix in (".html", ".txt", ".xml")]


def test_templates_name_their_links_rather_than_write_paths():
    files = template_files()
    assert len(files) > 50  # the site's and every app's templates were found
    written = [
        f"{f.relative_to(settings.BASE_DIR)}:{n}"
        for f in files
        for n, line in enumerate(f.read_text().splitlines(), 1)
        if WRITTEN_PATH.search(line)
    ]
    assert written == []


def links(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    return {a.get_text(" ", strip=True): a["href"] for a in soup.select("a[href]")}


@pytest.mark.django_db
def test_the_404_page_and_the_menu_link_to_the_resources_page_wherever_it_is(client):
    index = factories.site_tree()
    found = links(client.get("/nulle-part/").content.decode())
    assert (
        found["Revenir à l'accueil"] == "/" and found["Rechercher une ressource"] == "/recherche/"
    )
    assert found["Parcourir les ressources"] == found["Ressources"] == index.url == "/ressources/"
    assert (
        found["Annuaire des acteurs"] == "/acteurs/"
        and found["Plan du site (XML)"] == "/sitemap.xml"
    )

    # The resources' page moved under another page: the menu follows it (a written path would not).
    home = index.get_parent()
    shelf = home.add_child(instance=ResourceIndexPage(title="Bibliothèque", slug="bibliotheque"))
    shelf.save_revision().publish()
    index.move(shelf, pos="last-child")
    found = links(client.get("/nulle-part/").content.decode())
    assert found["Ressources"] == found["Parcourir les ressources"] == "/bibliotheque/ressources/"

    # Without such a page (a fresh site), the address it would have: never "None".
    ResourceIndexPage.objects.filter(slug="ressources").delete()
    assert links(client.get("/nulle-part/").content.decode())["Ressources"] == "/ressources/"


def test_hook_output_writes_each_apps_part_in_order_and_escapes_plain_text():
    template = Template(
        '{% load template_hooks %}<div>{% hook_output "insert_test_place" thing %}</div>'
    )

    def safe(context, thing):
        return mark_safe(f"<p>{thing} pour {context['who']}</p>")

    def plain(context, thing):
        return "<script>alert(1)</script>"

    def nothing(context, thing):
        return ""

    with (
        hooks.register_temporarily("insert_test_place", safe),
        hooks.register_temporarily("insert_test_place", nothing),
        hooks.register_temporarily("insert_test_place", plain),
    ):
        html = template.render(Context({"thing": "Un objet", "who": "vous"}))
    assert html == "<div><p>Un objet pour vous</p>&lt;script&gt;alert(1)&lt;/script&gt;</div>"
    assert (
        Template('{% load template_hooks %}{% hook_output "insert_nobody" %}').render(Context())
        == ""
    )
