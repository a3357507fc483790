"""Visitors' queries stored verbatim before search.query_log masked them: those holding digits, an e-mail or a web
address are forgotten with their counts (editors' queries with promoted results are kept)."""

from django.db import migrations


def forget(apps, schema_editor):
    from search.query_log import masked

    Query = apps.get_model("wagtailsearchpromotions", "Query")
    SearchPromotion = apps.get_model("wagtailsearchpromotions", "SearchPromotion")
    promoted = set(SearchPromotion.objects.values_list("query_id", flat=True))
    doomed = [pk for pk, text in Query.objects.values_list("pk", "query_string").iterator()
              if masked(text) != text and pk not in promoted]
    for i in range(0, len(doomed), 500):
        Query.objects.filter(pk__in=doomed[i : i + 500]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("maillage_search", "0003_querystat_visitors"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
