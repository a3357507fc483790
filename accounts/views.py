"""Enrolment of a TOTP device (account menu › Double authentification) and the code asked after the password."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import match_token

from accounts.two_factor import confirmed_device, must_enrol, pending_device, qr_svg, secret_text


class CodeForm(forms.Form):
    code = forms.RegexField(
        label="Code à 6 chiffres",
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={
            "required": "Saisissez le code affiché par votre application.",
            "invalid": "Le code compte 6 chiffres.",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


WRONG = "Ce code n'est pas valide : vérifiez l'heure de votre téléphone et saisissez le code affiché maintenant."


def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    if confirmed_device(user) is not None:
        return TemplateResponse(request, "accounts/enrolled.html", {"required": must_enrol(user)})
    device = pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(
                request,
                "Double authentification activée : un code vous sera demandé à chaque connexion.",
            )
            return HttpResponseRedirect("/admin/")
        form.add_error("code", WRONG)
    return TemplateResponse(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "qr": qr_svg(device),
            "secret": secret_text(device),
            "required": must_enrol(user),
        },
    )


def verify(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next") or request.GET.get("next") or "/admin/"
    if not url_has_allowed_host_and_scheme(target, request.get_host(), request.is_secure()):
        target = "/admin/"
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].strip())
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(target)
        form.add_error("code", WRONG)
    return TemplateResponse(request, "accounts/verify.html", {"form": form, "next": target})
