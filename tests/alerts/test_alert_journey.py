"""An alert end to end against a real SMTP server process (aiosmtpd): subscribe from a search page, read the
confirmation e-mail, confirm, publish matching pages (one public, one private, one draft), run the sender, read
the digest (HTML and text, French, the link and the passage), run it again (nothing twice), unsubscribe with the
List-Unsubscribe URL by a one-click POST without CSRF token.

Full stack: the confirmation and the digest go through the Celery worker (alerts.send_digests, as beat runs it).
Embedded: tasks run in-process, and the digest is sent by `manage.py send_alerts`, as cron runs it.
"""

from __future__ import annotations

import html as html_lib
import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from alerts.models import Subscription
from taxonomy.models import Territory
from testing import factories
from tests.helpers.smtp import subject
from tests.helpers.waiting import wait_for

EMAIL = "agent.veille@mairie-exemple.fr"
TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _hidden_search(page_html: str) -> str:
    match = re.search(r'name="recherche" value="([^"]*)"', page_html)
    assert match, "the alert form is on the search page"
    return html_lib.unescape(match.group(1))


def _parts(message) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def journey(client, smtp, run_sender, log=None) -> None:
    index = factories.site_tree()
    brittany = Territory.objects.create(level="region", code="53", name="Bretagne")
    Territory.objects.create(level="region", code="76", name="Occitanie")

    # A visitor searches with a territory facet; the page offers the alert form and advertises a feed.
    page = client.get(
        "/recherche/", {"q": "composteurs partagés", "territoire": "region-53"}
    ).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert "/recherche/flux.atom?q=composteurs+partag%C3%A9s&amp;territoire=region-53" in page
    search = _hidden_search(page)
    response = client.post(
        "/alertes/abonnement/", {"email": EMAIL, "frequency": "daily", "recherche": search}
    )
    assert response.status_code == 200 and "Vérifiez votre messagerie" in response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None and subscription.filters == {
        "territories": ["region-53"]
    }

    # The confirmation e-mail, through the real SMTP server.
    confirm = wait_for(
        lambda: smtp.received("Confirmez votre alerte"), message="the confirmation e-mail", log=log
    )[0]
    assert str(confirm["To"]).strip() == EMAIL
    text, html = _parts(confirm)
    assert "quotidienne" in text and "« composteurs partagés » · Bretagne" in text
    link = re.search(r"http://localhost/alertes/confirmer/[^/\s]+/", text).group(0)
    assert f'href="{link}"' in html
    path = urlsplit(link).path
    assert (
        "Confirmer mon alerte" in client.get(path).content.decode()
    )  # a mail scanner's GET confirms nothing
    assert Subscription.objects.get().confirmed_at is None
    assert "Alerte confirmée" in client.post(path).content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    # New pages: one public in Brittany that matches, and three that must never be mailed.
    public = factories.meeting(
        index,
        "Rencontre des composteurs de quartier",
        territories=[brittany],
        summary="Les composteurs partagés des quartiers de Rennes, bilan après un an.",
    )
    private = factories.meeting(
        index,
        "Réunion interne composteurs",
        territories=[brittany],
        summary="Composteurs partagés : notes internes confidentielles.",
    )
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    factories.meeting(
        index,
        "Brouillon composteurs",
        territories=[brittany],
        publish=False,
        summary="Composteurs partagés, version de travail non publiée.",
    )
    factories.meeting(index, "Composteurs en Occitanie", summary="Composteurs partagés à Toulouse.")

    def indexed():
        data = client.get(
            "/api/search/", {"q": "composteurs partagés", "territoire": "region-53"}
        ).json()
        return [r["title"] for r in data["results"]] == [public.title]

    wait_for(indexed, message="the public page to be searchable", log=log)

    # The morning comes: the alert is due. The digest holds the public page only.
    Subscription.objects.update(next_due_at=timezone.now())
    run_sender()
    digest = wait_for(lambda: smtp.received("1 nouvelle ressource"), message="the digest", log=log)[
        0
    ]
    assert (
        subject(digest)
        == "1 nouvelle ressource pour votre alerte « composteurs partagés » · Bretagne"
    )
    text, html = _parts(digest)
    url = f"http://localhost{public.url}"
    assert url in text and f'href="{url}"' in html
    assert "Les composteurs partagés des quartiers de Rennes" in text  # the passage, as text
    assert re.search(
        r'<strong style="[^"]*">composteurs</strong>', html, re.I
    )  # matched words stand out
    assert "Compte rendu" in text or "Rencontre" in text
    assert "1 nouvelle ressource" in html and "style=" in html and "<table" in html
    for hidden in ("Réunion interne", "Brouillon", "Occitanie", "confidentielles"):
        assert hidden not in text and hidden not in html
    unsubscribe_url = str(digest["List-Unsubscribe"]).strip().strip("<>")
    assert str(digest["List-Unsubscribe-Post"]).strip() == "List-Unsubscribe=One-Click"
    assert unsubscribe_url in text and unsubscribe_url.startswith(
        "http://localhost/alertes/desabonnement/"
    )
    subscription.refresh_from_db()
    assert subscription.last_sent_at is not None and subscription.next_due_at > timezone.now()

    # Run again at once: not due, nothing sent. Due again with nothing new: nothing sent either.
    run_sender()
    Subscription.objects.update(next_due_at=timezone.now())
    run_sender()
    wait_for(
        lambda: Subscription.objects.get().next_due_at > timezone.now(),
        message="the empty period",
        log=log,
    )
    assert len(smtp.messages()) == 2

    # One click from the mail client: a POST without any CSRF token to the header's URL.
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        urlsplit(unsubscribe_url).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200 and "désabonné" in response.content.decode()
    assert not Subscription.objects.exists()
    assert "Alerte introuvable" in client.get(urlsplit(unsubscribe_url).path).content.decode()


@pytest.mark.fullstack
@TRANSACTIONAL
def test_alert_journey_through_celery(
    client, search_backend, media_root, smtp_server, alerts_worker
):
    from config.celery import app

    journey(client, smtp_server, lambda: app.send_task("alerts.send_digests"), log=alerts_worker)


@pytest.mark.embedded
@TRANSACTIONAL
def test_alert_journey_with_the_command(
    client, search_backend, media_root, smtp_server, task_worker
):
    outputs = []

    def run():
        out = StringIO()
        call_command("send_alerts", stdout=out)
        outputs.append(out.getvalue())

    journey(client, smtp_server, run)
    assert "1 alerte envoyée" in outputs[0] and "Terminé" in outputs[0]
    assert (
        "0 alerte envoyée" in outputs[1]
        and "0 alerte envoyée, 1 alerte sans nouveauté" in outputs[2]
    )
