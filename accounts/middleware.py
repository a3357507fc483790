"""In the admin: a user with a TOTP device gives a code after the password; a member of MAILLAGE_2FA_GROUPS enrols."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.two_factor import confirmed_device, must_enrol

ADMIN = "/admin/"
OPEN = ("/admin/login/", "/admin/logout/", "/admin/jsi18n/", "/admin/sprite")


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        user = getattr(request, "user", None)
        if (
            not path.startswith(ADMIN)
            or path.startswith(OPEN)
            or user is None
            or not user.is_authenticated
        ):
            return self.get_response(request)
        verify, enrol = reverse("accounts:verify"), reverse("accounts:enrol")
        if user.is_verified():
            return self.get_response(request)
        if confirmed_device(user) is not None:
            if path != verify:
                return HttpResponseRedirect(
                    f"{verify}?{urlencode({'next': request.get_full_path()})}"
                )
        elif must_enrol(user) and path != enrol:
            return HttpResponseRedirect(enrol)
        return self.get_response(request)
