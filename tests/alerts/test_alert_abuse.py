"""The alert form cannot be turned against a mailbox (issue 22, item 8), against a real SMTP server in both modes:
confirmation e-mails are bounded per address and per client, a mail names the search by its words only (never the
sentences or links a stranger typed), and the answer is the same whether an address is known or not."""

from __future__ import annotations

import re
import time

import pytest
from django.utils import timezone

from alerts.models import Subscription
from alerts.saved import SavedSearch
from tests.helpers.smtp import subject
from tests.helpers.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
VICTIM = "victime@mairie-exemple.fr"
PHISHING = (
    "Votre compte Maillage est suspendu appelez immédiatement le service sécurité et "
    "connectez-vous sur https://maillage-securite.example/connexion avant minuit "
) * 8


def post(client, email, query, address, frequency="weekly"):
    recherche = SavedSearch(query, {}).query_string()
    return client.post(
        "/alertes/abonnement/",
        {"email": email, "frequency": frequency, "recherche": recherche},
        REMOTE_ADDR=address,
    )


def page_text(response, email) -> str:
    """The answer without what differs by nature (the address typed, the CSRF token)."""
    text = response.content.decode().replace(email, "ADRESSE")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def test_thirty_requests_for_one_address_send_few_short_mails(client, smtp_server, task_worker):
    # 30 requests from 10 addresses (3 each, under the per-client limit), each with its own 1,000-character search.
    statuses = [
        post(client, VICTIM, f"{PHISHING[:980]} numéro{i}", f"198.51.100.{i % 10}").status_code
        for i in range(30)
    ]
    assert statuses == [200] * 30
    limit = 3  # MAILLAGE_ALERTS["CONFIRMATIONS_PER_ADDRESS"]
    mails = wait_for(
        lambda: (
            len(smtp_server.received("Confirmez")) >= limit and smtp_server.received("Confirmez")
        ),
        message="the confirmations",
        log=task_worker,
    )
    time.sleep(3)  # anything more would have arrived by now
    mails = smtp_server.received("Confirmez")
    assert len(mails) == limit
    for mail in mails:
        text = mail.get_body(preferencelist=("plain",)).get_content()
        html = mail.get_body(preferencelist=("html",)).get_content()
        named = re.search(r"pour la recherche : (.*)\.\n", text).group(1)
        assert named.startswith("« Votre compte Maillage est suspendu") and len(named) <= 90, named
        for body in (text, html, subject(mail)):
            assert "maillage-securite" not in body and "https://maillage-securite" not in body
            assert "minuit" not in body and "numéro" not in body
    # Unconfirmed requests of one address stay few, so the owner can still ask for their own alert.
    assert Subscription.objects.filter(email=VICTIM, confirmed_at__isnull=True).count() == 5
    response = post(client, VICTIM, "compost", "203.0.113.50")
    assert response.status_code == 200
    assert Subscription.objects.filter(email=VICTIM, query="compost").exists()


def test_one_client_cannot_mail_many_addresses(client, smtp_server, task_worker):
    statuses = [
        post(client, f"cible{i}@exemple.fr", "compost", "192.0.2.77").status_code for i in range(12)
    ]
    assert statuses == [200] * 10 + [429] * 2
    refused = post(client, "autre@exemple.fr", "compost", "192.0.2.77")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert (
        "Trop de demandes d&#x27;alerte depuis votre connexion : réessayez dans "
        in refused.content.decode()
    )
    assert not Subscription.objects.filter(email="autre@exemple.fr").exists()
    wait_for(
        lambda: len(smtp_server.received("Confirmez")) == 10,
        message="10 confirmations",
        log=task_worker,
    )
    # Another client is not held back.
    assert post(client, "autre@exemple.fr", "compost", "192.0.2.78").status_code == 200


def test_the_answer_says_nothing_about_an_address(client, smtp_server, task_worker):
    known = "connue@exemple.fr"
    now = timezone.now()
    for i in range(20):
        saved = SavedSearch(f"recherche{i}", {})
        Subscription.objects.create(
            email=known,
            query=saved.query,
            filters={},
            search_key=saved.key,
            confirmed_at=now,
            sent_until=now,
            next_due_at=now,
        )
    unknown = "inconnue@exemple.fr"
    answers = [post(client, email, "compost", "192.0.2.10") for email in (known, unknown)]
    assert [a.status_code for a in answers] == [200, 200]
    assert page_text(answers[0], known) == page_text(answers[1], unknown)

    # Past the cap, the owner of the mailbox reads why at the link (only they can open it), in French.
    def to_known():
        return [m for m in smtp_server.received("Confirmez") if str(m["To"]).strip() == known]

    mail = wait_for(to_known, message="the confirmation", log=task_worker)[0]
    link = re.search(
        r"http://localhost(/alertes/confirmer/[^/\s]+/)",
        mail.get_body(preferencelist=("plain",)).get_content(),
    ).group(1)
    response = client.post(link)
    assert (
        response.status_code == 400
        and "Cette adresse a déjà 20 alertes" in response.content.decode()
    )
    assert Subscription.objects.filter(email=known, confirmed_at__isnull=False).count() == 20
