"""Rapports → Inscriptions aux rencontres (counts for editors; the people with their own permission), and what a
meeting's page shows of registrations: the box with the places and the form, the participating organisations (the
meeting template writes them with `{% hook_output %}`, without knowing registrations)."""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from registrations import admin_views
from registrations.booking import places
from registrations.forms import RegistrationForm


@hooks.register("insert_meeting_page_head")
def registration_styles(context, meeting) -> str:
    return format_html(
        '<link rel="stylesheet" href="{}">', static("registrations/registrations.css")
    )


@hooks.register("insert_meeting_page_announcement")
def announcement(context, meeting) -> str:
    """« À venir », with the links to register, to add it to one's calendar and to the agenda, until its end."""
    if not meeting.is_upcoming:
        return ""
    return render_to_string("registrations/includes/announcement.html", {"meeting": meeting})


@hooks.register("insert_meeting_page_registration")
def registration_box(context, meeting) -> str:
    """Places left per session and the form, while registrations are open; a notice when they are closed; nothing
    for a past meeting, one without registration or a preview of an unsaved one."""
    if (
        not meeting.pk
        or not meeting.is_upcoming
        or meeting.registration == meeting.Registration.NONE
    ):
        return ""
    seats = places(meeting)
    return render_to_string(
        "registrations/includes/box.html",
        {
            "meeting": meeting,
            "places": seats,
            "request": context.get("request"),
            "csrf_token": context.get("csrf_token"),
            "form": RegistrationForm(places=seats) if meeting.registration_open else None,
            "full": bool(seats) and all(p.full for p in seats),
            "with_sessions": any(p.session for p in seats),
            "retention_days": settings.MAILLAGE_REGISTRATIONS["RETENTION_DAYS"],
        },
    )


@hooks.register("insert_meeting_page_report")
def participating_organisations(context, meeting) -> str:
    """The organisations the organisers listed as having taken part, by name, once the meeting is over."""
    if not meeting.pk or meeting.is_upcoming:
        return ""
    participants = [
        p.organisation
        for p in meeting.participating_organisations.select_related("organisation").order_by(
            "organisation__name"
        )
    ]
    if not participants:
        return ""
    return render_to_string(
        "registrations/includes/participants.html", {"participants": participants}
    )


@hooks.register("register_admin_urls")
def _urls():
    return [
        path("inscriptions/", admin_views.index, name="maillage_registrations"),
        path(
            "inscriptions/acces/", admin_views.access_request, name="maillage_registrations_access"
        ),
        path(
            "inscriptions/<int:page_id>/",
            admin_views.meeting_view,
            name="maillage_registrations_meeting",
        ),
        path(
            "inscriptions/<int:page_id>/inscriptions.csv",
            admin_views.export_csv,
            name="maillage_registrations_csv",
        ),
        path(
            "inscriptions/<int:page_id>/emargement.pdf",
            admin_views.attendance_pdf,
            name="maillage_registrations_sheet",
        ),
        path(
            "inscriptions/<int:page_id>/message/",
            admin_views.send_message,
            name="maillage_registrations_message",
        ),
        path(
            "inscriptions/<int:page_id>/participants/",
            admin_views.publish_participants,
            name="maillage_registrations_participants",
        ),
        path(
            "inscriptions/<int:page_id>/places/",
            admin_views.fill_places,
            name="maillage_registrations_fill",
        ),
    ]


class RegistrationsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(admin_views.VIEW_REPORT)


@hooks.register("register_reports_menu_item")
def _menu_item():
    return RegistrationsMenuItem(
        "Inscriptions aux rencontres",
        reverse("maillage_registrations"),
        name="registrations-report",
        icon_name="date",
        order=1310,
    )


@hooks.register("register_permissions")
def _permissions():
    return Permission.objects.filter(
        content_type__app_label="registrations",
        codename__in=["view_registration", "view_registrant_data"],
    )


def _registrations_button(page, user, priority: int):
    specific = page.specific_class
    if (
        specific is not None
        and specific._meta.model_name == "meetingreportpage"
        and user.has_perm(admin_views.VIEW_REPORT)
    ):
        yield Button(
            "Inscriptions",
            reverse("maillage_registrations_meeting", args=[page.pk]),
            icon_name="date",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def _page_header_button(page, user, view_name, next_url=None):
    """« Inscriptions » in the meeting page's actions: its registrations, sheet and export."""
    yield from _registrations_button(page, user, priority=25)


@hooks.register("register_page_listing_more_buttons")
def _page_listing_button(page, user, next_url=None):
    yield from _registrations_button(page, user, priority=45)
