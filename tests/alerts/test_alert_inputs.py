"""Alerts under bad input, privacy of the search feed, retention and claims, the editors' report. Both modes."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.core import signing
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from alerts.models import Subscription
from alerts.saved import SavedSearch
from alerts.sender import send_batch
from alerts.tokens import CONFIRM_SALT, make_confirm_token
from search.indexing import rebuild
from testing import factories

pytestmark = pytest.mark.django_db


def subscribe(client, email="a@b.fr", recherche="q=compost", frequency="weekly"):
    return client.post(
        "/alertes/abonnement/", {"email": email, "frequency": frequency, "recherche": recherche}
    )


def make(email="a@b.fr", query="compost", confirmed=True, **fields) -> Subscription:
    saved = SavedSearch(query, {})
    now = timezone.now()
    fields = {
        "confirmed_at": now if confirmed else None,
        "sent_until": now if confirmed else None,
        "next_due_at": now if confirmed else None,
        **fields,
    }
    return Subscription.objects.create(
        email=email, query=query, filters={}, search_key=saved.key, **fields
    )


def test_invalid_address_and_empty_search_are_refused_in_french(client):
    response = subscribe(client, email="pas-une-adresse")
    assert response.status_code == 400
    assert (
        "n&#x27;est pas valide" in response.content.decode()
        or "n'est pas valide" in response.content.decode()
    )
    response = subscribe(client, recherche="q=&territoire=")
    assert response.status_code == 400 and "Lancez d" in response.content.decode()
    response = subscribe(client, frequency="horaire")
    assert response.status_code == 400 and "Choisissez une fréquence" in response.content.decode()
    assert not Subscription.objects.exists()
    assert client.get("/alertes/abonnement/").status_code == 302


def test_hostile_search_is_stored_parsed_and_escaped(client, django_capture_on_commit_callbacks):
    hostile = '"((( OR -- <script>alert(1)</script> ' * 60
    recherche = (
        SavedSearch(hostile, {}).query_string() + "&territoire=../../etc&theme=%3Cx%3E&annee=99999"
    )
    response = subscribe(client, recherche=recherche)
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()
    subscription = Subscription.objects.get()
    assert len(subscription.query) <= 1000 and subscription.filters == {}
    assert client.get("/recherche/flux.atom?" + recherche).status_code == 200


def test_tampered_and_expired_links_answer_in_french(client):
    subscription = make(confirmed=False)
    token = make_confirm_token(subscription.key)
    response = client.get(f"/alertes/confirmer/{token[:-3]}abc/")
    assert response.status_code == 400 and "Lien non valide" in response.content.decode()

    class Old(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 8 * 86400)

    old = Old(salt=CONFIRM_SALT).sign_object(str(subscription.key))
    response = client.post(f"/alertes/confirmer/{old}/")
    assert response.status_code == 400 and "expiré" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None
    response = client.post("/alertes/desabonnement/n-importe-quoi/")
    assert response.status_code == 400 and "Lien non valide" in response.content.decode()
    assert Subscription.objects.exists()


def test_search_feed_lists_public_matches_only(client, search_backend, media_root):
    index = factories.site_tree()
    public = factories.meeting(
        index, "Composteurs du quartier Nord", summary="Composteurs partagés."
    )
    private = factories.meeting(
        index, "Composteurs réservés", summary="Composteurs partagés, interne."
    )
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    factories.meeting(
        index, "Composteurs brouillon", summary="Composteurs partagés.", publish=False
    )
    rebuild()
    page = client.get("/recherche/", {"q": "composteurs"}).content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Flux Atom de cette recherche" '
        'href="/recherche/flux.atom?q=composteurs">' in page
    )
    response = client.get("/recherche/flux.atom", {"q": "composteurs"})
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/atom+xml"
    )
    feed = response.content.decode()
    assert public.title in feed and f"/r/{public.pk}/" in feed
    assert "réservés" not in feed and "brouillon" not in feed and "interne" not in feed
    assert "Maillage — recherche « composteurs »" in feed
    empty = client.get("/recherche/flux.atom").content.decode()
    assert "<entry>" not in empty


def test_unconfirmed_requests_are_deleted_after_seven_days():
    old = make(email="old@b.fr", confirmed=False)
    Subscription.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    recent = make(email="recent@b.fr", confirmed=False)
    confirmed = make(email="ok@b.fr", next_due_at=timezone.now() + timedelta(days=1))
    Subscription.objects.filter(pk=confirmed.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    summary = send_batch()
    assert summary.purged == 1
    assert set(Subscription.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}


def test_a_claimed_alert_is_left_to_its_sender_until_the_claim_expires(search_backend):
    subscription = make(claimed_until=timezone.now() + timedelta(minutes=5))
    now = timezone.now()
    assert send_batch(now=now).empty == 0  # another sender is on it
    subscription.refresh_from_db()
    assert subscription.next_due_at <= now
    later = now + timedelta(
        minutes=6
    )  # that sender died: its claim expired, the alert is handled, nothing new
    summary = send_batch(now=later)
    assert summary.empty == 1 and summary.sent == 0
    subscription.refresh_from_db()
    assert subscription.claimed_until is None and subscription.sent_until > now
    assert subscription.next_due_at > later


def test_editors_see_counts_and_addresses_only_with_the_permission(client):
    make(email="un@b.fr")
    make(email="deux@b.fr")
    make(email="trois@b.fr", confirmed=False)
    editor = User.objects.create_user("editrice", password="x")
    editor.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_subscription"),
    )
    client.force_login(editor)
    page = client.get("/admin/alertes/").content.decode()
    assert "« compost »" in page and "<td>2</td>" in page and "<td>1</td>" in page
    assert "un@b.fr" not in page and "deux@b.fr" not in page
    editor.user_permissions.add(Permission.objects.get(codename="view_subscriber_addresses"))
    editor = User.objects.get(pk=editor.pk)
    client.force_login(editor)
    page = client.get("/admin/alertes/").content.decode()
    assert "un@b.fr" in page and "trois@b.fr (non confirmée)" in page
    client.force_login(User.objects.create_user("autre", password="x"))
    assert client.get("/admin/alertes/").status_code in (302, 403)


def test_asking_twice_keeps_one_alert_and_confirmed_ones_are_left_alone(client):
    assert subscribe(client, email="x@b.fr", frequency="weekly").status_code == 200
    assert subscribe(client, email="X@b.fr", frequency="daily").status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.frequency == "daily"
    Subscription.objects.update(confirmed_at=timezone.now())
    response = subscribe(client, email="x@b.fr", frequency="weekly")
    assert response.status_code == 200 and "Vérifiez votre messagerie" in response.content.decode()
    assert Subscription.objects.get().frequency == "daily"


def test_the_privacy_page_says_what_alerts_keep_and_for_how_long(client, settings, media_root):
    from home.demo.information_pages import ensure_information_pages

    pages = ensure_information_pages(
        factories.site_tree().get_parent().specific, log=lambda message: None
    )
    text = next(
        p for p in pages if p.kind == "donnees-personnelles"
    ).body  # a draft the publisher completes
    assert "Alertes par e-mail" in text and "l'adresse électronique et la recherche suivie" in text
    assert f"au bout de {settings.MAILLAGE_ALERTS['UNCONFIRMED_DAYS']} jours" in text
    assert "dès le désabonnement" in text


def test_a_form_sent_without_its_cookie_gets_a_french_page(client):
    """A visitor whose browser blocks cookies, or who left the search page open too long, reads why in French."""
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/alertes/abonnement/", {"email": "a@b.fr", "frequency": "weekly", "recherche": "q=x"}
    )
    page = response.content.decode()
    assert response.status_code == 403 and '<html lang="fr">' in page
    assert "Formulaire expiré" in page and 'href="/recherche/"' in page and "CSRF" not in page
    assert not Subscription.objects.exists()
