"""Rapports → Alertes e-mail (counts per saved search; addresses with their own permission), and the search page's
alert form and feed link (the search page writes them with `{% hook_output %}`, without knowing alerts)."""

from django.contrib.auth.models import Permission
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from alerts import admin_views
from alerts.forms import SubscribeForm
from alerts.saved import SavedSearch


def _shown(context) -> SavedSearch:
    """The search the page shows (`shown_search`, the corrected words when it corrected them), else the URL's."""
    return SavedSearch.from_params(context.get("shown_search") or context["request"].GET)


@hooks.register("insert_search_page_head")
def search_feed_link(context) -> SafeString | str:
    saved = _shown(context)
    if saved.is_empty:
        return ""
    return format_html(
        '<link rel="alternate" type="application/atom+xml" title="Flux Atom de cette recherche" '
        'href="{}?{}">',
        reverse("alerts:search_feed"),
        saved.query_string(),
    )


@hooks.register("insert_search_page_results_end")
def alert_form(context) -> SafeString:
    saved = _shown(context)
    return render_to_string(
        "alerts/subscribe_form.html",
        {
            "form": SubscribeForm(),
            "recherche": saved.query_string(),
            "describe": saved.describe(),
            "csrf_token": context.get("csrf_token"),
        },
    )


@hooks.register("register_admin_urls")
def _urls():
    return [path("alertes/", admin_views.alerts_report, name="maillage_alerts_report")]


class AlertsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(admin_views.VIEW_REPORT)


@hooks.register("register_reports_menu_item")
def _menu_item():
    return AlertsMenuItem(
        "Alertes e-mail",
        reverse("maillage_alerts_report"),
        name="alerts-report",
        icon_name="mail",
        order=1300,
    )


@hooks.register("register_permissions")
def _permissions():
    return Permission.objects.filter(
        content_type__app_label="alerts",
        codename__in=["view_subscription", "view_subscriber_addresses"],
    )
