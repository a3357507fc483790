from django.apps import AppConfig


class TasksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tasks"
    verbose_name = "Tâches de fond"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the Celery tasks in every process, eager mode included)
