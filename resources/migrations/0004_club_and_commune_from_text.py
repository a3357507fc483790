"""Keep what editors typed before 0003: the series name becomes a club, the town a commune."""

from django.db import migrations
from django.utils.text import slugify


def forwards(apps, schema_editor):
    """Keep what editors typed: the series name becomes a club, the town a commune (matched by name)."""
    MeetingReportPage = apps.get_model("resources", "MeetingReportPage")
    MeetingSeries = apps.get_model("resources", "MeetingSeries")
    Territory = apps.get_model("actors", "Territory")
    Revision = apps.get_model("wagtailcore", "Revision")
    for page in MeetingReportPage.objects.all():
        changed = False
        if page.series and not page.club_id:
            club = MeetingSeries.objects.filter(name=page.series).first()
            if club is None:
                club = MeetingSeries.objects.create(name=page.series, slug=slugify(page.series)[:255])
            page.club_id, changed = club.pk, True
        if page.town and not page.commune_id:
            commune = Territory.objects.filter(level="commune", name__iexact=page.town).first()
            if commune is not None:
                page.commune_id, changed = commune.pk, True
        if changed:
            page.save(update_fields=["club", "commune"])
            # The editor opens the latest revision: give it the same values, or the next publish would drop them.
            for revision in Revision.objects.filter(object_id=str(page.pk), content_type_id=page.content_type_id):
                content = dict(revision.content or {})
                if content.get("club") is None and page.club_id:
                    content["club"] = page.club_id
                if content.get("commune") is None and page.commune_id:
                    content["commune"] = page.commune_id
                if content != revision.content:
                    revision.content = content
                    revision.save(update_fields=["content"])


class Migration(migrations.Migration):

    dependencies = [
        ("resources", "0003_content_model"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
