"""The newsletter block: chosen resources, or those published since a date, as e-mail-safe HTML and text."""

from __future__ import annotations

from datetime import date, timedelta

from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from resources.models import MeetingReportPage, ToolkitPage
from resources.newsletter import newsletter_items, render_html, render_text
from testing.factories import add


def _pages(index):
    old = add(index, ToolkitPage(title="Fiche ancienne", slug="ancienne", summary="Publiée il y a longtemps.",
                                 date=date(2022, 5, 1)))
    old.first_published_at = timezone.now() - timedelta(days=60)
    old.save()
    meeting = add(index, MeetingReportPage(title="Rencontre <du> club & co", slug="rencontre",
                                           summary="Deux visites apprenantes et deux ateliers.",
                                           date=date(2023, 11, 30)))
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
    assert link.get_text() == "Rencontre <du> club & co"  # escaped in the HTML, intact for the reader
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
    assert item.url == ("http://localhost/ressources/rencontre/?utm_source=maillage&utm_medium=email"
                        "&utm_campaign=lettre-2024-03")


def test_admin_view_by_choice_and_by_date(client, admin_user, index):
    old, meeting = _pages(index)
    client.force_login(admin_user)
    url = reverse("maillage_newsletter_block")
    page = client.get(url).content.decode()
    assert "Bloc pour la lettre d'information" in page and "Fiche ancienne" in page

    chosen = client.get(url, {"generer": "1", "pages": [old.pk], "heading": "À lire"}).content.decode()
    soup = BeautifulSoup(chosen, "html.parser")
    snippet = soup.find(id="newsletter-html").get_text()
    assert "Fiche ancienne" in snippet and "Rencontre" not in snippet and "À lire" in snippet
    assert "Fiche ancienne" in soup.find(id="newsletter-text").get_text()
    copies = {b["data-newsletter-copy"]: b.get_text(strip=True) for b in soup.select("button[data-newsletter-copy]")}
    assert copies == {"html": "Copier le HTML", "text": "Copier le texte"}
    for kind in ("html", "text"):  # each button copies its own version (Wagtail's clipboard controller)
        box = soup.find(id=f"newsletter-{kind}")
        assert box["data-w-clipboard-target"] == "value"
        assert box.find_parent(attrs={"data-controller": "w-clipboard w-clone"}).find(
            "button", attrs={"data-newsletter-copy": kind}) is not None

    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    recent = BeautifulSoup(client.get(url, {"generer": "1", "since": since}).content, "html.parser")
    snippet = recent.find(id="newsletter-html").get_text()
    assert "Rencontre &lt;du&gt; club" in snippet and "Fiche ancienne" not in snippet

    empty = client.get(url, {"generer": "1"}).content.decode()
    assert "Cochez au moins une ressource ou indiquez une date." in empty


def test_admin_view_needs_an_admin_login(client, index):
    response = client.get(reverse("maillage_newsletter_block"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
