"""Public views: the agenda and its iCalendar feed, a meeting's .ics, register, confirm the address, cancel."""

from __future__ import annotations

from itertools import groupby

from django import forms
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.french import date_fr, mois_fr
from registrations import booking, mail
from registrations.forms import RegistrationForm
from registrations.models import Registration
from registrations.ratelimit import allow
from registrations.tasks import send_registration_mail
from registrations.tokens import read_confirm_token, read_manage_token
from resources.models import MeetingReportPage, MeetingSeries
from tasks.dispatch import enqueue
from taxonomy.models import Territory, Theme

BAD_LINK = "Ce lien n'est pas valide : vérifiez qu'il a été copié en entier depuis l'e-mail."
EXPIRED_LINK = (
    "Ce lien de confirmation a expiré et la demande a été effacée. Inscrivez-vous à nouveau depuis la "
    "page de la rencontre."
)
GONE = (
    "Cette inscription n'existe plus : elle a été annulée, ou elle n'a pas été confirmée à temps."
)
TOO_MANY = "Trop de demandes d'inscription depuis votre connexion : réessayez dans une heure."
PAST_COUNT = 6


def _page(
    request: HttpRequest, template: str, context: dict, status: int = 200
) -> TemplateResponse:
    return TemplateResponse(request, f"registrations/{template}.html", context, status=status)


def _message(request, title: str, text: str, status: int = 200, meeting=None) -> TemplateResponse:
    return _page(
        request, "message", {"title": title, "message": text, "meeting": meeting}, status=status
    )


class AgendaFilterForm(forms.Form):
    club = forms.ModelChoiceField(
        label="Club ou cycle",
        required=False,
        queryset=MeetingSeries.objects.all(),
        to_field_name="slug",
        empty_label="Tous les clubs",
    )
    theme = forms.ModelChoiceField(
        label="Thème",
        required=False,
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label="Tous les thèmes",
    )
    territoire = forms.ChoiceField(label="Territoire", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions_departments = Territory.objects.filter(level__in=["region", "department"]).order_by(
            "path"
        )
        self.fields["territoire"].choices = [("", "Tous les territoires")] + [
            (t.key, f"{'— ' if t.level == 'department' else ''}{t.name}")
            for t in regions_departments
        ]

    def filter(self, qs):
        if not self.is_valid():
            return qs.none()
        data = self.cleaned_data
        if data.get("club"):
            qs = qs.filter(club=data["club"])
        if data.get("theme"):
            qs = qs.with_theme(data["theme"].slug)
        if data.get("territoire"):
            territory = Territory.from_key(data["territoire"])
            # classified under the territory, or held in a commune inside it
            classified = MeetingReportPage.objects.in_territory(data["territoire"]).values("pk")
            qs = qs.filter(Q(pk__in=classified) | Q(commune__path__startswith=territory.path))
        return qs


def _filtered(request: HttpRequest):
    form = AgendaFilterForm(request.GET or None)
    qs = MeetingReportPage.upcoming().select_related("commune", "club")
    if form.is_bound:
        qs = form.filter(qs)
    return form, qs


def agenda(request: HttpRequest) -> HttpResponse:
    form, upcoming = _filtered(request)
    upcoming = list(upcoming)
    months = [
        (mois_fr(year, month), list(items))
        for (year, month), items in groupby(upcoming, key=lambda m: (m.date.year, m.date.month))
    ]
    past = list(
        MeetingReportPage.objects.live()
        .public()
        .exclude(pk__in=[m.pk for m in upcoming])
        .filter(date__lt=timezone.localdate())
        .order_by("-date", "-pk")
        .select_related("commune", "club")[:PAST_COUNT]
    )
    query = request.GET.urlencode()
    return _page(
        request,
        "agenda",
        {
            "form": form,
            "months": months,
            "count": len(upcoming),
            "past": past,
            "feed_url": reverse("registrations:agenda_ics") + (f"?{query}" if query else ""),
        },
    )


def agenda_ics(request: HttpRequest) -> HttpResponse:
    _, upcoming = _filtered(request)
    body = mail.meeting_calendar(list(upcoming[:200]), name="Maillage — agenda des rencontres")
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def meeting_ics(request: HttpRequest, page_id: int) -> HttpResponse:
    meeting = get_object_or_404(MeetingReportPage.objects.live().public(), pk=page_id)
    response = HttpResponse(mail.meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{meeting.slug}.ics"'
    return response


@require_http_methods(["POST"])
def register(request: HttpRequest, page_id: int) -> HttpResponse:
    meeting = MeetingReportPage.objects.live().public().filter(pk=page_id).first()
    if meeting is None:
        raise Http404
    if not meeting.registration_open:
        return _message(
            request,
            "Inscriptions closes",
            "Les inscriptions à cette rencontre sont closes.",
            status=400,
            meeting=meeting,
        )
    if not allow(request):
        return _message(request, "Trop de demandes", TOO_MANY, status=429, meeting=meeting)
    form = RegistrationForm(request.POST, places=booking.places(meeting))
    if not form.is_valid():
        return _page(
            request,
            "register",
            {
                "form": form,
                "meeting": meeting,
                "retention_days": settings.MAILLAGE_REGISTRATIONS["RETENTION_DAYS"],
            },
            status=400,
        )
    if form.cleaned_data.get(
        "website"
    ):  # the honeypot: answered as a success, nothing kept, nothing sent
        return _page(
            request, "register_done", {"email": form.cleaned_data["email"], "meeting": meeting}
        )
    data = form.cleaned_data
    organisation = form.directory_organisation()
    fields = {
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "role": data["role"],
        "organisation": organisation,
        "organisation_name": "" if organisation else data["organisation"].strip(),
        "requested_sessions": data.get("sessions") or [],
        "dietary_needs": data["dietary_needs"],
        "accessibility_needs": data["accessibility_needs"],
        "listed": data["listed"],
    }
    limit = settings.MAILLAGE_REGISTRATIONS["MAX_CONFIRMATION_MAILS"]
    with transaction.atomic():
        existing = Registration.objects.filter(meeting=meeting, email__iexact=data["email"]).first()
        if existing is None:
            try:
                with transaction.atomic():
                    existing = Registration.objects.create(
                        meeting=meeting, email=data["email"], **fields
                    )
            except IntegrityError:  # the same form sent twice at once (a double click)
                existing = Registration.objects.get(meeting=meeting, email=data["email"])
        elif existing.status == Registration.Status.CANCELLED:
            # registering again after cancelling starts over, at the end of any waiting list
            Registration.objects.filter(pk=existing.pk).update(
                status=Registration.Status.PENDING,
                mails_sent=0,
                cancelled_at=None,
                confirmed_at=None,
                **fields,
            )
            existing.refresh_from_db()
        elif existing.status == Registration.Status.PENDING:
            Registration.objects.filter(pk=existing.pk).update(**fields)
        # A confirmed registration is left as it is; the same answer either way (nothing tells a stranger who
        # is registered). The confirmation request is mailed a bounded number of times per registration.
        if existing.status == Registration.Status.PENDING and existing.mails_sent < limit:
            Registration.objects.filter(pk=existing.pk).update(mails_sent=existing.mails_sent + 1)
            enqueue(send_registration_mail, existing.pk, "confirm_request")
    return _page(request, "register_done", {"email": data["email"], "meeting": meeting})


def _registration(request, token: str, reader) -> Registration | TemplateResponse:
    try:
        key = reader(token)
    except signing.SignatureExpired:
        return _message(request, "Lien expiré", EXPIRED_LINK, status=400)
    except signing.BadSignature:
        return _message(request, "Lien non valide", BAD_LINK, status=400)
    registration = Registration.objects.filter(key=key).select_related("meeting").first()
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return _message(request, "Inscription introuvable", GONE, status=404)
    return registration


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail systems' link scanners must not confirm on their own); POST confirms."""
    registration = _registration(request, token, read_confirm_token)
    if not isinstance(registration, Registration):
        return registration
    meeting = registration.meeting.specific
    if request.method == "POST" and registration.status == Registration.Status.PENDING:
        if not meeting.is_upcoming:
            return _message(
                request,
                "Rencontre passée",
                "Cette rencontre a déjà eu lieu.",
                status=400,
                meeting=meeting,
            )
        outcome = booking.confirm(registration.pk)
        if outcome is None:
            return _message(request, "Inscription introuvable", GONE, status=404)
        kind = "confirmed" if outcome.held else "waiting"
        enqueue(send_registration_mail, registration.pk, kind)
        registration.refresh_from_db()
    return _page(
        request,
        "confirm",
        {
            "registration": registration,
            "meeting": meeting,
            "seats": booking.seats_of(registration),
            "manage_url": mail.manage_url(registration),
        },
    )


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """The registration as it stands, with a button to cancel it (POST)."""
    registration = _registration(request, token, read_manage_token)
    if not isinstance(registration, Registration):
        return registration
    meeting = registration.meeting.specific
    if request.method == "POST":
        outcome = booking.cancel(registration)
        for pk in outcome.promoted:
            enqueue(send_registration_mail, pk, "promoted")
        return _message(
            request,
            "Inscription annulée",
            "Votre inscription est annulée et votre place a été proposée à la personne suivante. "
            "Merci de nous avoir prévenus.",
            meeting=meeting,
        )
    return _page(
        request,
        "manage",
        {
            "registration": registration,
            "meeting": meeting,
            "seats": booking.seats_of(registration),
            "date": date_fr(meeting.date),
        },
    )
