"""Admin views of the directory: CSV upload (dry run, then confirmation), CSV export of the filtered list,
and the actor's inspect page with its linked resources."""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail_modeladmin.views import IndexView, InspectView

from actors.csv_io import COLUMNS, EXPORT_ONLY, CsvFormatError
from actors.exports import can_see_contacts, csv_response
from actors.filters import filter_actors
from actors.importer import import_actors
from resources.models import ResourcePage

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
TOKEN = re.compile(r"^[0-9a-f]{32}$")


class OrganisationIndexView(IndexView):
    """The modeladmin list; its CSV export is the import format, for exactly the filtered list."""

    FORMATS = ("csv",)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return csv_response(
            queryset.order_by(), "acteurs", contacts=can_see_contacts(self.request.user)
        )


class OrganisationInspectView(InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["resources"] = ResourcePage.objects.about_actor(self.instance).specific()
        # people's e-mails and consent are personal data: shown only with actors.view_person, like the exports
        context["can_see_contacts"] = can_see_contacts(self.request.user)
        people = self.instance.people.order_by("name")
        context["contacts"] = people if context["can_see_contacts"] else None
        context["contact_count"] = people.count()
        return context


def export_csv(request: HttpRequest) -> HttpResponse:
    """/admin/annuaire/export/?territoire=…&forme=…&secteur=… (the public directory's filters)."""
    if not request.user.has_perm("actors.view_organisation") and not request.user.has_perm(
        "actors.change_organisation"
    ):
        raise PermissionDenied
    qs, form = filter_actors(request.GET)
    if not form.is_valid():
        return HttpResponse(
            "Filtre invalide : " + "; ".join(form.errors), status=400, content_type="text/plain"
        )
    return csv_response(qs, "acteurs", contacts=can_see_contacts(request.user))


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Fichier CSV", help_text="UTF-8 ou Windows-1252, séparateur virgule ou point-virgule."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"Fichier trop volumineux (au plus {MAX_UPLOAD_BYTES // 1024 // 1024} Mo)."
            )
        return upload


def import_dir() -> Path:
    folder = Path(getattr(settings, "MAILLAGE_IMPORT_DIR", settings.VAR_DIR / "imports"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _stored(request: HttpRequest, token: str) -> Path | None:
    if not TOKEN.match(token or ""):
        return None
    path = import_dir() / f"{request.user.pk}-{token}.csv"
    return path if path.is_file() else None


def _clean_old_uploads(max_age: float = 24 * 3600) -> None:
    for path in import_dir().glob("*.csv"):
        if time.time() - path.stat().st_mtime > max_age:
            path.unlink(missing_ok=True)


def import_csv(request: HttpRequest) -> HttpResponse:
    """Upload → dry run report → confirm → import. Nothing is written before the confirmation."""
    user = request.user
    if not (
        user.has_perm("actors.add_organisation") and user.has_perm("actors.change_organisation")
    ):
        raise PermissionDenied
    context = {
        "header_title": "Importer des acteurs (CSV)",
        "columns": COLUMNS,
        "export_only": EXPORT_ONLY,
    }
    if request.method == "POST" and request.POST.get("token"):
        path = _stored(request, request.POST["token"])
        if path is None:
            messages.error(request, "Ce fichier n'est plus disponible : déposez-le à nouveau.")
            return redirect("actors_import")
        with open(path, "rb") as fh:
            report = import_actors(fh)
        path.unlink(missing_ok=True)
        messages.success(
            request,
            f"Import terminé : {report.created} acteur(s) créé(s), {report.updated} mis à jour.",
        )
        if warning := report.source.encoding_warning():
            messages.warning(request, warning)
        return TemplateResponse(
            request, "actors/admin/import.html", {**context, "report": report, "done": True}
        )
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _clean_old_uploads()
        token = uuid.uuid4().hex
        path = import_dir() / f"{user.pk}-{token}.csv"
        with open(path, "wb") as out:
            for chunk in form.cleaned_data["file"].chunks():
                out.write(chunk)
        try:
            with open(path, "rb") as fh:
                report = import_actors(fh, dry_run=True)
        except CsvFormatError as exc:
            path.unlink(missing_ok=True)
            form.add_error("file", f"Fichier refusé : {exc}")
        else:
            context.update(report=report, token=token, filename=form.cleaned_data["file"].name)
            if warning := report.source.encoding_warning():
                messages.warning(request, warning)
    context["form"] = form
    return TemplateResponse(request, "actors/admin/import.html", context)
