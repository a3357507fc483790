"""Themes (from resources) and territories (from actors) move to the taxonomy app, rows and tables kept.

State only: the models are created here with `db_table` set to the tables that already hold their rows
(`resources_theme`, `actors_territory`); resources 0008 and actors 0008/0009 point their relations here and
drop the old models from their state, without touching the database. The content types move with them
(app_label), so permissions, Wagtail's reference index and log entries keep pointing at the same rows.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED = (("resources", "theme"), ("actors", "territory"))


def move_content_types(apps, schema_editor, forward: bool = True) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for old_app, model in MOVED:
        source, target = (old_app, "taxonomy") if forward else ("taxonomy", old_app)
        moving = ContentType.objects.using(db).filter(app_label=source, model=model).first()
        if moving is None:
            continue  # a fresh database: post_migrate creates the content type under its new app
        # A row already created under the target app (by a post_migrate between two runs) has nothing of value
        # attached to it beyond default permissions: the row with the history wins.
        ContentType.objects.using(db).filter(app_label=target, model=model).delete()
        moving.app_label = target
        moving.save(update_fields=["app_label"])


def content_types_back(apps, schema_editor) -> None:
    move_content_types(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("actors", "0007_french_labels"),
        ("resources", "0007_programme_blocks_use_directory_choosers"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Theme",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(help_text="Ex. : Alimentation, Réemploi, Tiers-lieux", max_length=100, unique=True, verbose_name="nom")),
                        ("slug", models.SlugField(blank=True, help_text="Utilisé dans les adresses (laisser vide : calculé).", max_length=100, unique=True)),
                        ("description", models.TextField(blank=True, help_text="Ce que recouvre le thème (facultatif).", verbose_name="description")),
                    ],
                    options={
                        "verbose_name": "thème",
                        "verbose_name_plural": "thèmes",
                        "db_table": "resources_theme",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="Territory",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("level", models.CharField(choices=[("region", "Région"), ("department", "Département"), ("epci", "EPCI"), ("commune", "Commune")], max_length=12, verbose_name="niveau")),
                        ("code", models.CharField(help_text="Code INSEE (ou SIREN pour un EPCI).", max_length=12, verbose_name="code officiel")),
                        ("name", models.CharField(max_length=200, verbose_name="nom")),
                        ("path", models.CharField(db_index=True, editable=False, max_length=255)),
                        ("postal_codes", models.CharField(blank=True, max_length=255, verbose_name="codes postaux")),
                        ("population", models.PositiveIntegerField(blank=True, null=True, verbose_name="population")),
                        ("latitude", models.FloatField(blank=True, null=True, verbose_name="latitude du centre")),
                        ("longitude", models.FloatField(blank=True, null=True, verbose_name="longitude du centre")),
                        ("parent", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="children", to="taxonomy.territory", verbose_name="territoire parent")),
                    ],
                    options={
                        "verbose_name": "territoire",
                        "verbose_name_plural": "territoires",
                        "db_table": "actors_territory",
                        "ordering": ["level", "name"],
                        "constraints": [models.UniqueConstraint(fields=("level", "code"), name="unique_territory_code")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, content_types_back),
    ]
