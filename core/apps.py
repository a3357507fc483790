from django.apps import AppConfig
from django.core.checks import Tags, register


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Socle du site"

    def ready(self):
        from core.checks import (
            check_site_address,  # reads Wagtail's models: importable only once apps are ready
        )

        register(check_site_address, Tags.database)
