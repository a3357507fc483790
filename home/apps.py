from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"

    def ready(self):
        from django.core.checks import Tags, register

        from home.checks import check_site_address

        register(check_site_address, Tags.database)
