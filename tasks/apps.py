from django.apps import AppConfig


class TasksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tasks"
    verbose_name = "Tâches de fond"

    def ready(self) -> None:
        # Imported once the models are loaded: registers the Celery tasks in every process (eager mode included),
        # with their periodic declarations and the heartbeat of periodic runs.
        from . import tasks  # noqa: F401  (it imports models, loaded only once apps are ready)
