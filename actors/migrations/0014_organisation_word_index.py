"""The index of the directory's search words (actors.word_index): a GIN index on PostgreSQL, an FTS5 table kept
by triggers on SQLite, nothing elsewhere."""

from django.db import migrations


def create(apps, schema_editor):
    from actors import word_index

    word_index.create(schema_editor.connection)


def drop(apps, schema_editor):
    from actors import word_index

    word_index.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0013_organisation_register_codes"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
