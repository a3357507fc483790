from django.apps import AppConfig


class ActorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "actors"
    verbose_name = "Annuaire des acteurs"

    def ready(self) -> None:
        # They import models, loaded only once apps are ready: signals connects the receivers, tasks registers the
        # Celery tasks (eager mode included) and declares the periodic one.
        from . import signals, tasks  # noqa: F401
