"""The Celery application: configuration comes from Django settings (CELERY_* names).

Celery beat's schedule is the registry of periodic jobs that each app declares next to its task
(`tasks.periodic.periodic_job`): it is read once the app is finalized, when every app's tasks module is imported.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("maillage")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _beat_schedule_from_the_registry(sender: Celery, **kwargs) -> None:
    from tasks.periodic import (
        beat_schedule,  # reason: needs Django's apps, loaded after this module
    )

    sender.conf.beat_schedule = beat_schedule()
