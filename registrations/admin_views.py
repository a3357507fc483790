"""Rapports → Inscriptions aux rencontres: counts per meeting and session for editors; the people (list, CSV,
attendance sheet, messages, access request export) only with the « Voir les données des personnes inscrites »
permission; the participating organisations published on the report."""

from __future__ import annotations

import csv
import datetime
import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from registrations import booking
from registrations.models import Participation, Registration, Seat, Tally
from registrations.tasks import send_registration_mail
from resources.models import MeetingReportPage
from tasks.dispatch import enqueue

VIEW_REPORT = "registrations.view_registration"
VIEW_DATA = "registrations.view_registrant_data"
CSV_COLUMNS = [
    "Nom",
    "Prénom",
    "Adresse électronique",
    "Organisation",
    "Organisation de l'annuaire",
    "Fonction",
    "Places réservées",
    "Liste d'attente",
    "Régime alimentaire",
    "Besoins d'accessibilité",
    "Sur la liste des participant·es",
    "État",
    "Demandée le",
    "Confirmée le",
]


class MessageForm(forms.Form):
    AUDIENCES = [
        ("held", "Les personnes qui ont une place"),
        ("waiting", "Les personnes en liste d'attente"),
        ("all", "Toutes les personnes inscrites (confirmées)"),
    ]
    audience = forms.ChoiceField(label="Destinataires", choices=AUDIENCES, initial="held")
    subject = forms.CharField(label="Objet", max_length=150)
    body = forms.CharField(
        label="Message", widget=forms.Textarea(attrs={"rows": 8}), max_length=5000
    )


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def index(request: HttpRequest) -> HttpResponse:
    _require(request, VIEW_REPORT)
    meetings = (
        MeetingReportPage.objects.exclude(registration=MeetingReportPage.Registration.NONE)
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
            pending=Count("registrations", filter=Q(registrations__status="pending")),
        )
        .order_by("-date")
    )
    today = timezone.localdate()
    return TemplateResponse(
        request,
        "registrations/admin/index.html",
        {
            "upcoming": [m for m in meetings if m.date >= today][::-1],
            "past": [m for m in meetings if m.date < today],
            "header_title": "Inscriptions aux rencontres",
            "can_see_data": request.user.has_perm(VIEW_DATA),
        },
    )


def meeting_view(request: HttpRequest, page_id: int) -> HttpResponse:
    _require(request, VIEW_REPORT)
    meeting = get_object_or_404(MeetingReportPage, pk=page_id)
    can_see_data = request.user.has_perm(VIEW_DATA)
    registrations = []
    if can_see_data:
        registrations = list(
            meeting.registrations.select_related("organisation")
            .prefetch_related("seats__session")
            .order_by("status", "last_name", "first_name")
        )
    counts = meeting.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status="confirmed")),
        pending=Count("pk", filter=Q(status="pending")),
        cancelled=Count("pk", filter=Q(status="cancelled")),
    )
    proposed = (
        meeting.registrations.filter(organisation__isnull=True, status="confirmed")
        .exclude(organisation_name="")
        .order_by()
        .values_list("organisation_name", flat=True)
        .distinct()
        if can_see_data
        else []
    )
    return TemplateResponse(
        request,
        "registrations/admin/meeting.html",
        {
            "meeting": meeting,
            "places": booking.places(meeting),
            "counts": counts,
            "registrations": registrations,
            "can_see_data": can_see_data,
            "message_form": MessageForm(),
            "tallies": Tally.objects.filter(meeting=meeting),
            "participants": Participation.objects.filter(meeting=meeting)
            .select_related("organisation")
            .order_by("organisation__name"),
            "proposed": sorted(proposed),
            "deleted_after": retention_limit_for(meeting),
            "header_title": f"Inscriptions : {meeting.title}",
        },
    )


def retention_limit_for(meeting: MeetingReportPage) -> datetime.date:
    """The day after which this meeting's registrants' data is deleted (registrations/retention.py)."""
    return meeting.date + datetime.timedelta(days=settings.MAILLAGE_REGISTRATIONS["RETENTION_DAYS"])


def _seat_labels(registration: Registration, status: str) -> str:
    return ", ".join(
        s.session.title if s.session else booking.DAY
        for s in registration.seats.all()
        if s.status == status
    )


def export_csv(request: HttpRequest, page_id: int) -> HttpResponse:
    _require(request, VIEW_DATA)
    meeting = get_object_or_404(MeetingReportPage, pk=page_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inscriptions-{meeting.slug}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow(CSV_COLUMNS)
    for r in (
        meeting.registrations.exclude(status="pending")
        .select_related("organisation")
        .prefetch_related("seats__session")
        .order_by("last_name", "first_name")
    ):
        writer.writerow(
            [
                _safe(v)
                for v in [
                    r.last_name,
                    r.first_name,
                    r.email,
                    r.organisation_label,
                    "oui" if r.organisation_id else "non",
                    r.role,
                    _seat_labels(r, "held"),
                    _seat_labels(r, "waiting"),
                    r.dietary_needs,
                    r.accessibility_needs,
                    "oui" if r.listed else "non",
                    r.get_status_display(),
                    timezone.localtime(r.created_at).strftime("%d/%m/%Y %H:%M"),
                    timezone.localtime(r.confirmed_at).strftime("%d/%m/%Y %H:%M")
                    if r.confirmed_at
                    else "",
                ]
            ]
        )
    return response


def _safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return (
        f"'{value}"
        if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r")
        else value
    )


def attendance_pdf(request: HttpRequest, page_id: int) -> HttpResponse:
    from registrations.sheet import (
        attendance_sheet,  # reportlab is loaded only when a sheet is printed
    )

    _require(request, VIEW_DATA)
    meeting = get_object_or_404(MeetingReportPage, pk=page_id)
    response = HttpResponse(attendance_sheet(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="emargement-{meeting.slug}.pdf"'
    return response


def send_message(request: HttpRequest, page_id: int) -> HttpResponse:
    _require(request, VIEW_DATA)
    meeting = get_object_or_404(MeetingReportPage, pk=page_id)
    if request.method != "POST":
        return redirect("maillage_registrations_meeting", page_id)
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Message non envoyé : indiquez des destinataires, un objet et un message."
        )
        return redirect("maillage_registrations_meeting", page_id)
    audience = form.cleaned_data["audience"]
    people = meeting.registrations.filter(status="confirmed")
    if audience != "all":
        people = people.filter(seats__status=audience)
    ids = list(people.distinct().values_list("pk", flat=True))
    for pk in ids:
        enqueue(
            send_registration_mail,
            pk,
            "organiser",
            {"subject": form.cleaned_data["subject"], "body": form.cleaned_data["body"]},
        )
    messages.success(request, f"Message envoyé à {len(ids)} personne{'s' if len(ids) > 1 else ''}.")
    return redirect("maillage_registrations_meeting", page_id)


def publish_participants(request: HttpRequest, page_id: int) -> HttpResponse:
    """Lists on the report the directory's organisations of the people who held a place and agreed to be listed."""
    _require(request, VIEW_DATA)
    meeting = get_object_or_404(MeetingReportPage, pk=page_id)
    if request.method == "POST":
        ids = set(
            Seat.objects.filter(
                registration__meeting=meeting,
                registration__status="confirmed",
                registration__listed=True,
                status="held",
                registration__organisation__isnull=False,
            ).values_list("registration__organisation_id", flat=True)
        )
        Participation.objects.filter(meeting=meeting).exclude(organisation_id__in=ids).delete()
        for pk in ids:
            Participation.objects.get_or_create(meeting=meeting, organisation_id=pk)
        messages.success(
            request,
            f"{len(ids)} organisation{'s' if len(ids) > 1 else ''} participante"
            f"{'s' if len(ids) > 1 else ''} affichée{'s' if len(ids) > 1 else ''} "
            "sur le compte rendu.",
        )
    return redirect("maillage_registrations_meeting", page_id)


def fill_places(request: HttpRequest, page_id: int) -> HttpResponse:
    """After a capacity was raised: the people waiting get the new places, and an e-mail."""
    _require(request, VIEW_DATA)
    meeting = get_object_or_404(MeetingReportPage, pk=page_id)
    if request.method == "POST":
        promoted = booking.fill_freed_places(meeting)
        for pk in promoted:
            enqueue(send_registration_mail, pk, "promoted")
        messages.success(
            request,
            f"{len(promoted)} personne{'s' if len(promoted) > 1 else ''} de la liste "
            "d'attente inscrite(s) et prévenue(s).",
        )
    return redirect("maillage_registrations_meeting", page_id)


def access_request(request: HttpRequest) -> HttpResponse:
    """Everything kept about one address (right of access, RGPD art. 15), as JSON to hand over."""
    _require(request, VIEW_DATA)
    email = (request.GET.get("email") or "").strip()
    if not email:
        return TemplateResponse(
            request,
            "registrations/admin/access.html",
            {"header_title": "Demande d'accès aux données"},
        )
    data = []
    for r in (
        Registration.objects.filter(email__iexact=email)
        .select_related("meeting", "organisation")
        .prefetch_related("seats__session")
    ):
        data.append(
            {
                "rencontre": r.meeting.title,
                "date": r.meeting.date.isoformat(),
                "prénom": r.first_name,
                "nom": r.last_name,
                "adresse": r.email,
                "organisation": r.organisation_label,
                "fonction": r.role,
                "places_réservées": _seat_labels(r, "held"),
                "liste_d_attente": _seat_labels(r, "waiting"),
                "régime_alimentaire": r.dietary_needs,
                "besoins_d_accessibilité": r.accessibility_needs,
                "sur_la_liste_des_participants": r.listed,
                "état": r.get_status_display(),
                "demandée_le": r.created_at.isoformat(),
                "confirmée_le": r.confirmed_at.isoformat() if r.confirmed_at else None,
                "annulée_le": r.cancelled_at.isoformat() if r.cancelled_at else None,
                "effacée_après": retention_limit_for(r.meeting).isoformat(),
            }
        )
    response = HttpResponse(
        json.dumps({"adresse": email, "inscriptions": data}, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="donnees-inscriptions.json"'
    return response
