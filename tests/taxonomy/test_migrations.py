"""Upgrading a database made before the taxonomy app: themes and territories keep their rows, their links and
their content types (so permissions and Wagtail's references follow)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from actors.models import Organisation
from resources.models import MeetingSeries
from taxonomy.models import Territory, Theme

# The leaves before the move (and no taxonomy at all).
BEFORE = [
    ("actors", "0007_french_labels"),
    ("resources", "0007_programme_blocks_use_directory_choosers"),
]


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)  # a fresh loader sees what is applied now


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # like every transactional test here
def test_upgrade_keeps_rows_links_and_content_types():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        executor = _migrate([*BEFORE, ("taxonomy", None)])
        old = executor.loader.project_state(BEFORE).apps
        OldTheme, OldTerritory = (
            old.get_model("resources", "Theme"),
            old.get_model("actors", "Territory"),
        )
        OldOrganisation = old.get_model("actors", "Organisation")
        OldSeries = old.get_model("resources", "MeetingSeries")
        theme = OldTheme.objects.create(name="Réemploi", slug="reemploi")
        region = OldTerritory.objects.create(
            level="region", code="76", name="Occitanie", path="/region-76/"
        )
        commune = OldTerritory.objects.create(
            level="commune",
            code="31555",
            name="Toulouse",
            parent=region,
            path="/region-76/commune-31555/",
        )
        organisation = OldOrganisation.objects.create(
            name="La Rafistolerie",
            slug="la-rafistolerie",
            commune=commune,
            territory_path=commune.path,
            sort_name="la rafistolerie",
        )
        organisation.themes.add(theme)
        series = OldSeries.objects.create(
            name="Club ESS Occitanie", slug="club-ess-occitanie", territory=region
        )
        # What a database made before the move holds: content types under the old apps (migrating back moved
        # them there; a taxonomy row left by post_migrate must not stay beside them).
        theme_type, _ = ContentType.objects.get_or_create(app_label="resources", model="theme")
        territory_type, _ = ContentType.objects.get_or_create(app_label="actors", model="territory")
        ContentType.objects.get_or_create(app_label="taxonomy", model="theme")

        _migrate(latest)

        assert Theme.objects.get(pk=theme.pk).name == "Réemploi"
        moved_commune = Territory.objects.get(pk=commune.pk)
        assert (moved_commune.key, moved_commune.parent_id) == ("commune-31555", region.pk)
        assert list(
            Organisation.objects.get(pk=organisation.pk).themes.values_list("pk", flat=True)
        ) == [theme.pk]
        assert Organisation.objects.get(pk=organisation.pk).commune == moved_commune
        assert MeetingSeries.objects.get(pk=series.pk).territory_id == region.pk
        # Read from the table, not ContentType's cache (left as it is: the ids are those it holds).
        assert list(
            ContentType.objects.filter(app_label="taxonomy", model="theme").values_list(
                "pk", flat=True
            )
        ) == [theme_type.pk]
        assert list(
            ContentType.objects.filter(app_label="taxonomy", model="territory").values_list(
                "pk", flat=True
            )
        ) == [territory_type.pk]
        assert not ContentType.objects.filter(
            app_label__in=["resources", "actors"], model__in=["theme", "territory"]
        )
    finally:
        _migrate(latest)
