"""Rapports → Alertes e-mail (counts per saved search; addresses with their own permission)."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from alerts import admin_views


@hooks.register("register_admin_urls")
def _urls():
    return [path("alertes/", admin_views.alerts_report, name="maillage_alerts_report")]


class AlertsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(admin_views.VIEW_REPORT)


@hooks.register("register_reports_menu_item")
def _menu_item():
    return AlertsMenuItem("Alertes e-mail", reverse("maillage_alerts_report"), name="alerts-report",
                          icon_name="mail", order=1300)


@hooks.register("register_permissions")
def _permissions():
    return Permission.objects.filter(content_type__app_label="alerts",
                                     codename__in=["view_subscription", "view_subscriber_addresses"])
