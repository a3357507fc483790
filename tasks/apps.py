from django.apps import AppConfig


class TasksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tasks"
    verbose_name = "Tâches de fond"

    def ready(self) -> None:
        # Imported once the models are loaded: registers the Celery tasks in every process (eager mode included)
        # and connects the receivers that enqueue them.
        from . import receivers, tasks  # noqa: F401  (they import models, loaded only once apps are ready)
