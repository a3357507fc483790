"""Rapports → Inscriptions aux rencontres (counts for editors; the people with their own permission)."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from registrations import admin_views


@hooks.register("register_admin_urls")
def _urls():
    return [
        path("inscriptions/", admin_views.index, name="maillage_registrations"),
        path("inscriptions/acces/", admin_views.access_request, name="maillage_registrations_access"),
        path("inscriptions/<int:page_id>/", admin_views.meeting_view, name="maillage_registrations_meeting"),
        path("inscriptions/<int:page_id>/inscriptions.csv", admin_views.export_csv,
             name="maillage_registrations_csv"),
        path("inscriptions/<int:page_id>/emargement.pdf", admin_views.attendance_pdf,
             name="maillage_registrations_sheet"),
        path("inscriptions/<int:page_id>/message/", admin_views.send_message, name="maillage_registrations_message"),
        path("inscriptions/<int:page_id>/participants/", admin_views.publish_participants,
             name="maillage_registrations_participants"),
        path("inscriptions/<int:page_id>/places/", admin_views.fill_places, name="maillage_registrations_fill"),
    ]


class RegistrationsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(admin_views.VIEW_REPORT)


@hooks.register("register_reports_menu_item")
def _menu_item():
    return RegistrationsMenuItem("Inscriptions aux rencontres", reverse("maillage_registrations"),
                                 name="registrations-report", icon_name="date", order=1310)


@hooks.register("register_permissions")
def _permissions():
    return Permission.objects.filter(content_type__app_label="registrations",
                                     codename__in=["view_registration", "view_registrant_data"])


def _registrations_button(page, user, priority: int):
    specific = page.specific_class
    if (specific is not None and specific._meta.model_name == "meetingreportpage"
            and user.has_perm(admin_views.VIEW_REPORT)):
        yield Button("Inscriptions", reverse("maillage_registrations_meeting", args=[page.pk]), icon_name="date",
                     priority=priority)


@hooks.register("register_page_header_buttons")
def _page_header_button(page, user, view_name, next_url=None):
    """« Inscriptions » in the meeting page's actions: its registrations, sheet and export."""
    yield from _registrations_button(page, user, priority=25)


@hooks.register("register_page_listing_more_buttons")
def _page_listing_button(page, user, next_url=None):
    yield from _registrations_button(page, user, priority=45)
