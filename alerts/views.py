"""Public views of the alerts: subscribe, confirm, unsubscribe (one click, RFC 8058), the Atom feed of a search."""

from __future__ import annotations

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
from tasks.dispatch import enqueue

MAX_PER_ADDRESS = 20
BAD_LINK = "Ce lien n'est pas valide : vérifiez qu'il a été copié en entier depuis l'e-mail."
EXPIRED_LINK = "Ce lien de confirmation a expiré. Refaites la demande d'alerte depuis la page de recherche."
GONE = "Cette alerte n'existe plus : vous êtes déjà désabonné, ou la demande n'a pas été confirmée à temps."


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> TemplateResponse:
    return TemplateResponse(request, f"alerts/{template}.html", context, status=status)


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return HttpResponseRedirect("/recherche/")
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        saved = SavedSearch.from_query_string(request.POST.get("recherche", ""))
        return _page(request, "subscribe", {"form": form, "saved": saved, "describe": saved.describe(),
                                            "recherche": saved.query_string()}, status=400)
    saved: SavedSearch = form.cleaned_data["recherche"]
    email = form.cleaned_data["email"].strip()
    with transaction.atomic():
        existing = Subscription.objects.filter(email__iexact=email, search_key=saved.key).first()
        if existing is None:
            if Subscription.objects.filter(email__iexact=email).count() >= MAX_PER_ADDRESS:
                form.add_error("email", f"Cette adresse a déjà {MAX_PER_ADDRESS} alertes : désabonnez-vous "
                                        "de l'une d'elles avant d'en créer une autre.")
                return _page(request, "subscribe", {"form": form, "saved": saved, "describe": saved.describe(),
                                                    "recherche": saved.query_string()}, status=400)
            try:
                with transaction.atomic():
                    existing = Subscription.objects.create(email=email, query=saved.query, filters=saved.filters,
                                                           search_key=saved.key,
                                                           frequency=form.cleaned_data["frequency"])
            except IntegrityError:  # the same request twice at once (a double click)
                existing = Subscription.objects.get(email=email, search_key=saved.key)
        if existing.confirmed_at is None:
            # Asking again resends the confirmation; a confirmed alert is left as it is (same answer either way).
            Subscription.objects.filter(pk=existing.pk).update(frequency=form.cleaned_data["frequency"])
            enqueue(send_confirmation, existing.pk)
    return _page(request, "subscribe_done", {"email": email, "describe": saved.describe()})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (link scanners of mail systems must not confirm on their own); POST confirms."""
    try:
        key = read_confirm_token(token)
    except signing.SignatureExpired:
        return _page(request, "message", {"title": "Lien expiré", "message": EXPIRED_LINK}, status=400)
    except signing.BadSignature:
        return _page(request, "message", {"title": "Lien non valide", "message": BAD_LINK}, status=400)
    subscription = Subscription.objects.filter(key=key).first()
    if subscription is None:
        return _page(request, "message", {"title": "Alerte introuvable", "message": GONE}, status=404)
    saved = SavedSearch(subscription.query, subscription.filters)
    if request.method == "POST" and subscription.confirmed_at is None:
        now = timezone.now()
        Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
            confirmed_at=now, sent_until=now, next_due_at=next_due(subscription.frequency, now))
        subscription.refresh_from_db()
    return _page(request, "confirm", {"subscription": subscription, "describe": saved.describe(),
                                      "search_path": saved.search_path()})


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without any token; the signed URL is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        key = read_unsubscribe_token(token)
    except signing.BadSignature:
        return _page(request, "message", {"title": "Lien non valide", "message": BAD_LINK}, status=400)
    subscription = Subscription.objects.filter(key=key).first()
    if request.method == "POST":
        if subscription is not None:
            subscription.delete()
        return _page(request, "message", {"title": "Vous êtes désabonné",
                                          "message": "Votre alerte et votre adresse ont été effacées. Vous ne "
                                                     "recevrez plus de message pour cette recherche."})
    if subscription is None:
        return _page(request, "message", {"title": "Alerte introuvable", "message": GONE})
    saved = SavedSearch(subscription.query, subscription.filters)
    return _page(request, "unsubscribe", {"describe": saved.describe()})
