from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


def spelling_word_list(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """The search never "corrects" a French word when it has the word list (search/spelling.py)."""
    if Path(settings.MAILLAGE_FRENCH_WORDS).is_file():
        return []
    return [
        checks.Warning(
            f"Liste de mots français absente ({settings.MAILLAGE_FRENCH_WORDS}) : la recherche "
            "pourrait « corriger » des mots justes.",
            hint="apt-get install wfrench",
            id="maillage_search.W001",
        )
    ]


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    label = "maillage_search"
    verbose_name = "Recherche"

    def ready(self) -> None:
        # reason: they import models, which are loaded only once apps are ready. signal_handlers connects the
        # receivers that enqueue the index jobs; tasks registers them (eager mode included) and the periodic one.
        from . import signal_handlers, signals, synonyms, tasks  # noqa: F401

        checks.register(spelling_word_list)
        signals.connect_label_cache()
        signals.connect_collection_moves()
        synonyms.connect_cache()
