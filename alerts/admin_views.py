"""Rapports → Alertes e-mail: how many people follow each saved search. Addresses only with a dedicated permission."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from alerts.models import Subscription
from alerts.saved import SavedSearch

VIEW_REPORT = "alerts.view_subscription"
VIEW_ADDRESSES = "alerts.view_subscriber_addresses"


def alerts_report(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(VIEW_REPORT):
        raise PermissionDenied
    show_addresses = request.user.has_perm(VIEW_ADDRESSES)
    rows = (
        Subscription.objects.values("search_key")
        .annotate(
            daily=Count("pk", filter=Q(confirmed_at__isnull=False, frequency="daily")),
            weekly=Count("pk", filter=Q(confirmed_at__isnull=False, frequency="weekly")),
            pending=Count("pk", filter=Q(confirmed_at__isnull=True)),
        )
        .order_by("-weekly", "-daily", "search_key")
    )
    searches = {
        s.search_key: s for s in Subscription.objects.only("search_key", "query", "filters")
    }
    table = []
    for row in rows:
        sample = searches[row["search_key"]]
        saved = SavedSearch(sample.query, sample.filters)
        entry = {
            **row,
            "describe": saved.describe(),
            "path": saved.search_path(),
            "confirmed": row["daily"] + row["weekly"],
        }
        if show_addresses:
            entry["addresses"] = list(
                Subscription.objects.filter(search_key=row["search_key"])
                .order_by("email")
                .values_list("email", "confirmed_at")
            )
        table.append(entry)
    table.sort(key=lambda e: (-e["confirmed"], -e["pending"], e["describe"]))
    return TemplateResponse(
        request,
        "alerts/admin/report.html",
        {
            "rows": table,
            "show_addresses": show_addresses,
            "header_title": "Alertes e-mail",
            "total": sum(e["confirmed"] for e in table),
            "pending": sum(e["pending"] for e in table),
        },
    )
