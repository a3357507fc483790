from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "resources"
    verbose_name = "Ressources"

    def ready(self) -> None:
        # They import models, loaded only once apps are ready: signals connects the receivers (which enqueue the
        # extraction), tasks registers the Celery tasks in every process (eager mode included).
        from . import signals, tasks  # noqa: F401
