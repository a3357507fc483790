"""Public views of the alerts: subscribe, confirm, unsubscribe (one click, RFC 8058), the Atom feed of a search."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alerts.forms import SubscribeForm
from alerts.models import Subscription
from alerts.saved import SavedSearch
from alerts.sender import next_due
from alerts.tasks import send_confirmation
from alerts.tokens import read_confirm_token, read_unsubscribe_token
from core import client
from tasks.dispatch import enqueue

BAD_LINK = "Ce lien n'est pas valide : vérifiez qu'il a été copié en entier depuis l'e-mail."
EXPIRED_LINK = (
    "Ce lien de confirmation a expiré. Refaites la demande d'alerte depuis la page de recherche."
)
TOO_MANY = (
    "Cette adresse a déjà {cap} alertes : désabonnez-vous de l'une d'elles (lien en bas de chaque e-mail) "
    "avant d'en confirmer une autre."
)
GONE = "Cette alerte n'existe plus : vous êtes déjà désabonné, ou la demande n'a pas été confirmée à temps."


def _page(
    request: HttpRequest, template: str, context: dict, status: int = 200
) -> TemplateResponse:
    return TemplateResponse(request, f"alerts/{template}.html", context, status=status)


def _form_page(request: HttpRequest, form: SubscribeForm, status: int) -> TemplateResponse:
    saved = SavedSearch.from_query_string(request.POST.get("recherche", ""))
    return _page(
        request,
        "subscribe",
        {
            "form": form,
            "saved": saved,
            "describe": saved.describe(),
            "recherche": saved.query_string(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Records the request and mails a confirmation. The answer is the same whether the address is known, has
    alerts already, or was sent a confirmation a moment ago: nothing tells a stranger about an address. Bounded per
    client (429 past REQUESTS_PER_CLIENT) and per address (past CONFIRMATIONS_PER_ADDRESS, no more e-mail)."""
    if request.method == "GET":
        return HttpResponseRedirect("/recherche/")
    limits = settings.MAILLAGE_ALERTS
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    per_client = client.hit(
        "alert-client", client.client_address(request), *limits["REQUESTS_PER_CLIENT"]
    )
    if per_client.exceeded:
        form.add_error(
            None,
            "Trop de demandes d'alerte depuis votre connexion : réessayez dans "
            f"{client.retry_phrase(per_client.retry_after)}.",
        )
        response = _form_page(request, form, status=429)
        response["Retry-After"] = str(per_client.retry_after)
        return response
    saved: SavedSearch = form.cleaned_data["recherche"]
    email = form.cleaned_data["email"].strip()
    frequency = form.cleaned_data["frequency"]
    with transaction.atomic():
        existing = Subscription.objects.filter(email__iexact=email, search_key=saved.key).first()
        if existing is None:
            try:
                with transaction.atomic():
                    existing = Subscription.objects.create(
                        email=email,
                        query=saved.query,
                        filters=saved.filters,
                        search_key=saved.key,
                        frequency=frequency,
                    )
            except IntegrityError:  # the same request twice at once (a double click)
                existing = Subscription.objects.get(email=email, search_key=saved.key)
            # Unconfirmed requests of one address are few: the newest replace the oldest.
            pending = Subscription.objects.filter(
                email__iexact=email, confirmed_at__isnull=True
            ).order_by("-pk")
            stale = list(pending.values_list("pk", flat=True)[limits["PENDING_PER_ADDRESS"] :])
            Subscription.objects.filter(pk__in=stale).delete()
        if existing.confirmed_at is None:
            # Asking again resends the confirmation; a confirmed alert is left as it is (same answer either way).
            Subscription.objects.filter(pk=existing.pk).update(frequency=frequency)
            per_address = client.hit(
                "alert-mail", client.hashed(email.lower()), *limits["CONFIRMATIONS_PER_ADDRESS"]
            )
            if not per_address.exceeded:
                enqueue(send_confirmation, existing.pk)
    return _page(request, "subscribe_done", {"email": email, "describe": saved.describe()})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (link scanners of mail systems must not confirm on their own); POST confirms."""
    try:
        key = read_confirm_token(token)
    except signing.SignatureExpired:
        return _page(
            request, "message", {"title": "Lien expiré", "message": EXPIRED_LINK}, status=400
        )
    except signing.BadSignature:
        return _page(
            request, "message", {"title": "Lien non valide", "message": BAD_LINK}, status=400
        )
    subscription = Subscription.objects.filter(key=key).first()
    if subscription is None:
        return _page(
            request, "message", {"title": "Alerte introuvable", "message": GONE}, status=404
        )
    saved = SavedSearch(subscription.query, subscription.filters)
    if request.method == "POST" and subscription.confirmed_at is None:
        cap = settings.MAILLAGE_ALERTS["MAX_PER_ADDRESS"]
        if (
            Subscription.objects.filter(
                email__iexact=subscription.email, confirmed_at__isnull=False
            ).count()
            >= cap
        ):
            # Only the owner of the mailbox reads this: the public form says nothing about an address.
            return _page(
                request,
                "message",
                {"title": "Trop d'alertes", "message": TOO_MANY.format(cap=cap)},
                status=400,
            )
        now = timezone.now()
        Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
            confirmed_at=now, sent_until=now, next_due_at=next_due(subscription.frequency, now)
        )
        subscription.refresh_from_db()
    return _page(
        request,
        "confirm",
        {
            "subscription": subscription,
            "describe": saved.describe(),
            "search_path": saved.search_path(),
        },
    )


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without any token; the signed URL is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        key = read_unsubscribe_token(token)
    except signing.BadSignature:
        return _page(
            request, "message", {"title": "Lien non valide", "message": BAD_LINK}, status=400
        )
    subscription = Subscription.objects.filter(key=key).first()
    if request.method == "POST":
        if subscription is not None:
            subscription.delete()
        return _page(
            request,
            "message",
            {
                "title": "Vous êtes désabonné",
                "message": "Votre alerte et votre adresse ont été effacées. Vous ne "
                "recevrez plus de message pour cette recherche.",
            },
        )
    if subscription is None:
        return _page(request, "message", {"title": "Alerte introuvable", "message": GONE})
    saved = SavedSearch(subscription.query, subscription.filters)
    return _page(request, "unsubscribe", {"describe": saved.describe()})
