"""/sante/: the health check of docker-compose, answered before any other middleware.

The check calls plain HTTP on 127.0.0.1 inside the container, while production redirects HTTP to HTTPS
(SECURE_SSL_REDIRECT) and accepts only the public host names (ALLOWED_HOSTS): answering here, before
SecurityMiddleware and host validation, keeps it working behind the documented setup. It reveals nothing
but whether the database answers.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse

HEALTH_PATH = "/sante/"


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path != HEALTH_PATH:
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            response = HttpResponse("Base de données injoignable.", status=503)
        else:
            response = HttpResponse("ok")
        response["Content-Type"] = "text/plain; charset=utf-8"
        response["Cache-Control"] = "no-store"
        return response
