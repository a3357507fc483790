from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("resources", "0004_club_and_commune_from_text"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="meetingreportpage",
            name="series",
        ),
        migrations.RemoveField(
            model_name="meetingreportpage",
            name="town",
        ),
    ]
