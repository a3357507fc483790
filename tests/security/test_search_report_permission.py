"""The search statistics report (issue 10, item 5): visitors' queries may hold personal data, so the report
needs search.view_querystat; without it the menu item is hidden and the URL answers 403."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _editor(client, django_user_model, *codenames: str) -> None:
    user = django_user_model.objects.create_user("editeur", "e@example.org", "pw")
    for codename in ("access_admin", *codenames):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(user)


def _menu_shown(client) -> bool:
    from search.wagtail_hooks import _analytics_menu_item

    request = client.get("/admin/").wsgi_request
    return _analytics_menu_item().is_shown(request)


def test_report_refused_and_hidden_without_permission(client, django_user_model):
    _editor(client, django_user_model)
    response = client.get(reverse("maillage_search_analytics"))
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with its "permission" message
    assert response.status_code == 403 or (
        response.status_code == 302 and response.url == "/admin/"
    )
    assert "Statistiques de recherche" not in response.content.decode()
    assert not _menu_shown(client)


def test_report_open_and_listed_with_permission(client, django_user_model):
    _editor(client, django_user_model, "view_querystat")
    assert client.get(reverse("maillage_search_analytics")).status_code == 200
    assert _menu_shown(client)
