"""Organisations point to taxonomy.Territory and taxonomy.Theme (state only: the tables and columns do not change;
see taxonomy 0001). The old Territory model leaves actors' state in 0009, once resources points elsewhere too."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("actors", "0007_french_labels"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="organisation",
                    name="commune",
                    field=models.ForeignKey(blank=True, limit_choices_to={"level": "commune"}, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="organisations", to="taxonomy.territory", verbose_name="commune"),
                ),
                migrations.AlterField(
                    model_name="organisation",
                    name="territory",
                    field=models.ForeignKey(blank=True, help_text="Pour une collectivité : le territoire qu'elle administre.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="authorities", to="taxonomy.territory", verbose_name="territoire administré"),
                ),
                migrations.AlterField(
                    model_name="organisation",
                    name="themes",
                    field=models.ManyToManyField(blank=True, related_name="organisations", to="taxonomy.theme", verbose_name="thèmes / secteurs"),
                ),
            ],
            database_operations=[],
        ),
    ]
