"""The alert form and the feed link of the search page, built from the search URL's parameters."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from alerts.forms import SubscribeForm
from alerts.saved import SavedSearch

register = template.Library()


@register.inclusion_tag("alerts/subscribe_form.html", takes_context=True)
def alert_form(context) -> dict:
    saved = SavedSearch.from_params(context["request"].GET)
    return {"form": SubscribeForm(), "recherche": saved.query_string(), "describe": saved.describe(),
            "csrf_token": context.get("csrf_token")}


@register.simple_tag(takes_context=True)
def search_feed_link(context) -> str:
    saved = SavedSearch.from_params(context["request"].GET)
    if saved.is_empty:
        return ""
    return format_html('<link rel="alternate" type="application/atom+xml" title="Flux Atom de cette recherche" '
                       'href="/recherche/flux.atom?{}">', saved.query_string())
