from functools import reduce
from operator import or_

from django.db import migrations
from django.db.models import Q

LETTERS = "œŒæÆßøØłŁđĐıðÐþÞ"


def refold(apps, schema_editor):
    """Names and texts with « œ », « æ »… are searched and sorted as « oe », « ae »… (actors.models.folded_words)."""
    from actors.models import search_text, sort_key

    Organisation = apps.get_model("actors", "Organisation")
    having = reduce(
        or_,
        (
            Q(name__contains=letter) | Q(acronym__contains=letter) | Q(description__contains=letter)
            for letter in LETTERS
        ),
    )
    changed = []
    for organisation in Organisation.objects.filter(having).only(
        "id", "name", "acronym", "description"
    ):
        organisation.search_text = search_text(
            organisation.name, organisation.acronym, organisation.description
        )
        organisation.sort_name = sort_key(organisation.name)
        changed.append(organisation)
    Organisation.objects.bulk_update(changed, ["search_text", "sort_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("actors", "0014_organisation_word_index")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=True)]
