from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


class ActorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "actors"
    verbose_name = "Annuaire des acteurs"

    def ready(self) -> None:
        # They import models, loaded only once apps are ready: signals connects the receivers, tasks registers the
        # Celery tasks (eager mode included) and declares the periodic one.
        from . import signals, tasks  # noqa: F401

        post_migrate.connect(ensure_word_index, sender=self)


def ensure_word_index(using: str = "default", **kwargs) -> None:
    """After every migrate, the directory's word index and its triggers are there (actors.word_index.create):
    on SQLite, a migration rebuilding actors_organisation drops the triggers with the old table."""
    from . import word_index

    connection = connections[using]
    if word_index.TABLE in connection.introspection.table_names():
        word_index.create(connection)
