"""The alert e-mails: confirmation request and digest, each as plain text and e-mail-safe HTML, in French.

Every message carries an unsubscribe link and the List-Unsubscribe / List-Unsubscribe-Post headers
(RFC 2369, RFC 8058): mail clients offer a one-click unsubscribe button that POSTs to that URL.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from alerts.matching import Match
from alerts.models import Subscription
from alerts.saved import SavedSearch
from alerts.tokens import make_confirm_token, make_unsubscribe_token
from core.french import date_fr
from core.public_urls import absolute


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute(reverse("alerts:unsubscribe", args=[make_unsubscribe_token(subscription.key)]))


def _message(
    subscription: Subscription, subject: str, template: str, context: dict
) -> EmailMultiAlternatives:
    saved = SavedSearch(subscription.query, subscription.filters)
    context = {
        **context,
        "subscription": subscription,
        "search": saved.mail_description(),
        "search_url": absolute(saved.search_path()),
        "unsubscribe_url": unsubscribe_url(subscription),
        "frequency": subscription.get_frequency_display(),
    }
    headers = {
        "Auto-Submitted": "auto-generated",
        "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"alerts/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers=headers,
    )
    message.attach_alternative(
        render_to_string(f"alerts/email/{template}.html", context), "text/html"
    )
    return message


def confirmation_message(subscription: Subscription) -> EmailMultiAlternatives:
    url = absolute(reverse("alerts:confirm", args=[make_confirm_token(subscription.key)]))
    days = settings.MAILLAGE_ALERTS["UNCONFIRMED_DAYS"]
    return _message(
        subscription,
        "Confirmez votre alerte Maillage",
        "confirm",
        {"confirm_url": url, "days": days},
    )


def digest_message(subscription: Subscription, matches: list[Match]) -> EmailMultiAlternatives:
    items = [
        {
            "title": m.title,
            "url": absolute(m.path),
            "type_label": m.type_label,
            "date_label": date_fr(m.date),
            "passage_html": m.passage_html.replace(
                "<mark>", '<strong style="background:#fff1a8;">'
            ).replace("</mark>", "</strong>"),
            "passage_text": m.passage_text,
            "where": m.where,
            "where_url": absolute(m.where_path) if m.where_path else "",
        }
        for m in matches
    ]
    count = len(items)
    noun = "nouvelle ressource" if count < 2 else "nouvelles ressources"
    search = SavedSearch(subscription.query, subscription.filters).mail_description()
    subject = f"{count} {noun} pour votre alerte {search}"
    return _message(
        subscription,
        subject[:200],
        "digest",
        {"items": items, "count": count, "noun": noun, "today": date_fr(timezone.localdate())},
    )
