"""The alert form and the feed link of the search page, built from the search it shows (`shown_search`, the
corrected words when it corrected them), else from the URL's parameters."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from alerts.forms import SubscribeForm
from alerts.saved import SavedSearch

register = template.Library()


def _shown(context) -> SavedSearch:
    return SavedSearch.from_params(context.get("shown_search") or context["request"].GET)


@register.inclusion_tag("alerts/subscribe_form.html", takes_context=True)
def alert_form(context) -> dict:
    saved = _shown(context)
    return {"form": SubscribeForm(), "recherche": saved.query_string(), "describe": saved.describe(),
            "csrf_token": context.get("csrf_token")}


@register.simple_tag(takes_context=True)
def search_feed_link(context) -> str:
    saved = _shown(context)
    if saved.is_empty:
        return ""
    return format_html('<link rel="alternate" type="application/atom+xml" title="Flux Atom de cette recherche" '
                       'href="/recherche/flux.atom?{}">', saved.query_string())
