"""The Territory model leaves actors' state (it lives in taxonomy, same table `actors_territory`: state only)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("actors", "0008_territory_and_theme_from_taxonomy"),
        ("resources", "0008_theme_and_territory_from_taxonomy"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Territory")],
            database_operations=[],
        ),
    ]
