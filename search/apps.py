from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    label = "maillage_search"
    verbose_name = "Recherche"

    def ready(self) -> None:
        from . import signals, synonyms  # reason: they import models, which are loaded only once apps are ready

        signals.connect_label_cache()
        signals.connect_collection_moves()
        synonyms.connect_cache()
