"""Wagtail's default workflow and its task are created in English (« Moderators approval »), which the editor then
reads as « Soumettre au circuit « Moderators approval » »: they get French names, unless someone renamed them."""

from django.db import migrations

ENGLISH = "Moderators approval"
FRENCH = "Relecture par les modérateurs"


def to_french(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=ENGLISH).update(name=FRENCH)
    apps.get_model("wagtailcore", "Task").objects.filter(name=ENGLISH).update(name=FRENCH)


def to_english(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=FRENCH).update(name=ENGLISH)
    apps.get_model("wagtailcore", "Task").objects.filter(name=FRENCH).update(name=ENGLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_standard_page_footer_links"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_french, to_english)]
