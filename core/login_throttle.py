"""Login throttling (django-axes) for the admin's login and for the passwords of pages and collections.

The admin's login goes through Django's `authenticate()`, which axes watches (AxesStandaloneBackend). Wagtail's page
and collection password forms do not: `throttled()` wraps their views so that a wrong password counts as a failed
login of the user name « page-<restriction> » (or « collection-<restriction> ») from the client address, and a
locked-out pair gets the same French page, 429, as the admin's login (`lockout`).
"""

from __future__ import annotations

from collections.abc import Callable

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from wagtail.documents.views.serve import authenticate_with_password as document_password_view
from wagtail.views import authenticate_with_password as page_password_view


def _delay() -> str:
    minutes = max(1, round(float(settings.AXES_COOLOFF_TIME) * 60))
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} heure{'s' if hours > 1 else ''}"
    return f"{minutes} minute{'s' if minutes > 1 else ''}"


USERNAME_CHARS = (
    150  # as Django's user names; axes stores at most 255 (a longer one failed on PostgreSQL)
)


def username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """axes' AXES_USERNAME_CALLABLE: the user name typed (as axes reads it), bounded in length."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    value = credentials.get(field) if credentials else request.POST.get(field)
    return None if value is None else str(value)[:USERNAME_CHARS]


def lockout(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """axes' AXES_LOCKOUT_CALLABLE: the refusal, in French."""
    message = (
        f"Trop de tentatives de connexion échouées : par sécurité, réessayez dans {_delay()}. "
        "Si vous avez oublié votre mot de passe, demandez-en un nouveau à l'administrateur du site."
    )
    html = render_to_string("lockout.html", {"message": message}, request=request)
    response = HttpResponse(html, status=429)
    response["Retry-After"] = str(max(60, round(float(settings.AXES_COOLOFF_TIME) * 3600)))
    return response


def throttled(
    view: Callable[..., HttpResponse], kind: str, key: str
) -> Callable[..., HttpResponse]:
    """`view` (a Wagtail password form's POST) counted by axes as a login of `kind`-<the restriction id>."""

    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        credentials = {
            settings.AXES_USERNAME_FORM_FIELD
            if hasattr(settings, "AXES_USERNAME_FORM_FIELD")
            else "username": f"{kind}-{kwargs.get(key)}"
        }
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout(request, None, credentials)
        response = view(request, *args, **kwargs)
        if response.status_code == 200:  # the form again: a wrong password (a right one redirects)
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        return response

    return wrapped


page_password = throttled(page_password_view, "page", "page_view_restriction_id")
document_password = throttled(document_password_view, "collection", "restriction_id")
