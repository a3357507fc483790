"""What keeps the directory's filtered pages fast with the whole register (issue 24, item 4; timings in
`bench.actors --register`): a number of queries that does not grow with the rows, the territory picker's scan of
every organisation cached, a count bounded to COUNT_BOUND rows, and the register's codes filtered on the
organisation's own indexes (copied there from the register, kept right by the import and by every save)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors import views
from actors.models import Organisation, RegisterEntry, sort_key
from taxonomy.models import Territory

pytestmark = pytest.mark.django_db

FILTERED = {"territoire": "department-31", "famille": "association", "taille": "11"}


@pytest.fixture
def places() -> dict[str, Territory]:
    occitanie = Territory.objects.create(level="region", code="76", name="Occitanie")
    haute_garonne = Territory.objects.create(
        level="department", code="31", name="Haute-Garonne", parent=occitanie
    )
    ara = Territory.objects.create(level="region", code="84", name="Auvergne-Rhône-Alpes")
    rhone = Territory.objects.create(level="department", code="69", name="Rhône", parent=ara)
    return {
        "ramonville": Territory.objects.create(
            level="commune", code="31446", name="Ramonville-Saint-Agne", parent=haute_garonne
        ),
        "lyon": Territory.objects.create(level="commune", code="69123", name="Lyon", parent=rhone),
    }


def register(commune: Territory, count: int, start: int = 0, family: str = "association") -> None:
    """`count` organisations with a register record, written in bulk as a register import does (no save(), the
    register's codes copied onto the organisation)."""
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Structure {i:04d}",
                slug=f"structure-{i}",
                sort_name=sort_key(f"Structure {i:04d}"),
                commune=commune,
                territory_path=commune.path,
                register_family=family,
                register_size="11",
            )
            for i in range(start, start + count)
        ]
    )
    RegisterEntry.objects.bulk_create(
        [
            RegisterEntry(
                organisation=org, siret=f"{i:014d}", siren=f"{i:09d}", family=family, size_band="11"
            )
            for i, org in zip(range(start, start + count), orgs)
        ]
    )


def queries(client, params: dict) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/acteurs/", params)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_a_filtered_page_costs_the_same_queries_with_more_rows(client, places):
    register(places["ramonville"], 3)
    client.get("/acteurs/", FILTERED)  # the picker's keys are cached from here on
    few = queries(client, FILTERED)
    register(places["ramonville"], 60, start=100)
    register(places["lyon"], 40, start=200)
    client.get("/acteurs/", FILTERED)  # new organisations: the picker reads the paths again, once
    many = queries(client, FILTERED)
    # 18: the page's own queries plus the site frame (menus, footer, the resources section's address: two lookups
    # when no page has that slug, as here)
    assert len(many) == len(few) <= 18, "\n".join(many)
    # No query reads every organisation's path once the picker's keys are cached.
    assert not [sql for sql in many if "DISTINCT" in sql.upper() and "territory_path" in sql]
    # The register's filters read the organisation's copy of the codes: no join of the register's table.
    assert not [sql for sql in many if "actors_registerentry" in sql and "JOIN" in sql.upper()]
    # The bounded count is not sorted: the database need not order up to COUNT_BOUND rows to count them.
    counts = [sql for sql in many if "COUNT(" in sql.upper() and "actors_organisation" in sql]
    assert counts and not [sql for sql in counts if "ORDER BY" in sql.upper()], counts


def test_the_picker_sees_organisations_added_or_removed_anywhere(client, places):
    register(places["ramonville"], 2)
    assert 'value="department-31"' in client.get("/acteurs/").content.decode()
    assert 'value="department-69"' not in client.get("/acteurs/").content.decode()
    register(places["lyon"], 1, start=10)  # bulk insert, no signal: as an import in another process
    assert 'value="department-69"' in client.get("/acteurs/").content.decode()
    Organisation.objects.filter(commune=places["lyon"]).get().delete()
    assert 'value="department-69"' not in client.get("/acteurs/").content.decode()
    moved = Organisation.objects.first()
    moved.commune = places["lyon"]
    moved.save()
    assert 'value="department-69"' in client.get("/acteurs/").content.decode()


def test_the_count_stops_at_the_bound_and_every_page_stays_reachable(client, places, monkeypatch):
    monkeypatch.setattr(views, "COUNT_BOUND", 60)
    register(places["ramonville"], 70)
    sql = queries(client, FILTERED)
    page = client.get("/acteurs/", FILTERED).content.decode()
    assert "Plus de 60 acteurs" in page and "Page 1 sur au moins 3" in page
    counts = [q for q in sql if "COUNT(" in q.upper()]
    assert len(counts) == 1 and "LIMIT 61" in counts[0].upper()
    page = client.get("/acteurs/", {**FILTERED, "page": "3"}).content.decode()
    assert "70 acteurs" in page and "Page 3 sur 3" in page and "Structure 0069" in page
    page = client.get("/acteurs/", {**FILTERED, "page": "2"}).content.decode()
    assert "Structure 0059" in page and "Structure 0060" not in page
    page = client.get("/acteurs/", {**FILTERED, "famille": "fondation"}).content.decode()
    assert "0 acteur" in page


def test_the_register_filters_have_their_indexes():
    """famille, activite and taille are read from (code, territory_path, sort_name, id) indexes of the
    organisations: a filtered page, with or without a territory, is one range of one index, counted from it."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Organisation._meta.db_table)
    indexes = {tuple(c["columns"]) for c in constraints.values() if c["index"]}
    assert {
        (code, "territory_path", "sort_name", "id")
        for code in ("register_family", "register_sector", "register_size")
    } <= indexes
