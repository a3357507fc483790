"""Resources point to taxonomy.Theme and taxonomy.Territory, and the Theme model leaves resources' state (state
only: the table `resources_theme` and every column stay; see taxonomy 0001)."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("resources", "0007_programme_blocks_use_directory_choosers"),
        ("taxonomy", "0001_initial"),
        ("actors", "0008_territory_and_theme_from_taxonomy"),  # organisations' themes point to taxonomy first
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="meetingreportpage",
                    name="commune",
                    field=models.ForeignKey(blank=True, help_text="La commune du lieu, choisie dans la liste des territoires.", limit_choices_to={"level": "commune"}, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="taxonomy.territory", verbose_name="commune"),
                ),
                migrations.AlterField(
                    model_name="meetingseries",
                    name="territory",
                    field=models.ForeignKey(blank=True, help_text="Le territoire du club (souvent une région).", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="taxonomy.territory", verbose_name="territoire"),
                ),
                migrations.AlterField(
                    model_name="resourcepage",
                    name="themes",
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, help_text="Choisir dans la liste des thèmes du réseau.", to="taxonomy.theme", verbose_name="thèmes"),
                ),
                migrations.AlterField(
                    model_name="resourceterritory",
                    name="territory",
                    field=models.ForeignKey(help_text="Région, département, EPCI ou commune.", on_delete=django.db.models.deletion.CASCADE, related_name="+", to="taxonomy.territory", verbose_name="territoire"),
                ),
                migrations.DeleteModel(name="Theme"),
            ],
            database_operations=[],
        ),
    ]
