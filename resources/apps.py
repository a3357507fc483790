from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "resources"
    verbose_name = "Ressources"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers: imports models, loaded only once apps are ready)
