from django.apps import AppConfig
from django.core.checks import Tags, register


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"

    def ready(self):
        from home.checks import (
            check_site_address,  # reads Wagtail's models: importable only once apps are ready
        )

        register(check_site_address, Tags.database)
