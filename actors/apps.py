from django.apps import AppConfig


class ActorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "actors"
    verbose_name = "Annuaire des acteurs"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers: imports models, loaded only once apps are ready)
