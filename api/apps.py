from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    label = "maillage_api"
    verbose_name = "API publique"
