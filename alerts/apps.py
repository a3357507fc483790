from django.apps import AppConfig


class AlertsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "alerts"
    verbose_name = "Alertes"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the Celery tasks in every process, eager mode included)
