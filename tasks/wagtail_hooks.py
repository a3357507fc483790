"""The admin dashboard warns when no periodic job (scheduled publishing, alert digests…) ran recently."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from wagtail import hooks
from wagtail.admin.ui.components import Component

from tasks import periodic
from tasks.models import PeriodicRun


class PeriodicRunsPanel(Component):
    name = "periodic_runs"
    template_name = "tasks/periodic_runs_panel.html"
    order = 10  # above Wagtail's own panels

    def __init__(self, last_heartbeat):
        self.last_heartbeat = last_heartbeat

    def get_context_data(self, parent_context: Mapping[str, Any]) -> Mapping[str, Any]:
        return {
            "last_heartbeat": self.last_heartbeat,
            "stale_minutes": settings.MAILLAGE_SCHEDULER_STALE_MINUTES,
            "runs": PeriodicRun.objects.filter(name__in=list(periodic.beat_schedule())),
            "embedded": not settings.CELERY_BROKER_URL,
        }


@hooks.register("construct_homepage_panels")
def warn_when_periodic_jobs_stopped(request, panels) -> None:
    stale, last = periodic.stale_since()
    if stale:
        panels.insert(0, PeriodicRunsPanel(last))
