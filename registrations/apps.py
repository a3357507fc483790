from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registrations"
    verbose_name = "Agenda et inscriptions"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the Celery tasks in every process, eager mode included)
