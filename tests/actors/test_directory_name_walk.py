"""The directory's keyword box with a territory or register codes (issue 24, item 4; timings in
`bench.actors --register`): for a word too common for SQLite's word index, SQLite reads the page by walking the
name index instead of reading and sorting every organisation the territory or the codes select
(ActorFilterForm.in_name_order, word_index.sqlite_walk_by_name). Either way the same rows, in the same order,
with the same count; the walk is chosen only where it reads fewer rows: a large selection's first pages, never a
small territory, a rare word, another filter, or a page counted exactly. PostgreSQL's counterpart: for a word most
organisations hold by its statistics (word_index.pg_common), the count and the page leave the word index out (the
LIKE alone), so that it counts from the territory's index and walks the name index itself.

At this scale (300 organisations, SQLITE_COMMON 20, COUNT_BOUND 100) « structure » is in 240 organisations:
160 of Occitanie's 200, 80 of Haute-Garonne's 100, the 10 of Ramonville; « rarissime » in 6, 4 of them in
Occitanie with « structure »."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors import views, word_index
from actors.filters import ActorFilterForm, typed_words
from actors.models import Organisation, search_text, sort_key
from taxonomy.models import Territory

pytestmark = pytest.mark.django_db

WALK = '+"actors_organisation".'
OCCITANIE = {"q": "structure", "territoire": "region-76"}

# (filters, page, whether SQLite walks the name index for it)
CASES = [
    (
        OCCITANIE,
        1,
        True,
    ),  # 30 rows: about 30 × 300 / 101 = 90 names walked, against 200 in the range
    (OCCITANIE, 2, True),  # about 179 names
    (OCCITANIE, 3, False),  # about 268: more than the territory holds
    (OCCITANIE, 4, False),  # past the count's bound: counted exactly, read by the range
    (OCCITANIE, 9, False),  # past the last page: the last one
    ({"q": "stru", "territoire": "region-76"}, 1, True),
    # An EPCI across two departments (two ranges of paths): 150 matches of its 190 organisations.
    ({"q": "structure", "territoire": "epci-200000001"}, 1, True),
    ({"q": "structure", "territoire": "epci-200000001"}, 3, False),
    ({"q": "structure", "territoire": "department-31"}, 1, False),  # 80 matches: 113 names > 100
    ({"q": "structure", "territoire": "department-31"}, 3, False),
    ({"q": "structure", "territoire": "commune-31446"}, 1, False),  # 10 matches: the whole table
    ({"q": "rarissime", "territoire": "region-76"}, 1, False),  # the word index answers
    ({**OCCITANIE, "taille": "11"}, 1, True),  # a code every organisation has: as Occitanie alone
    (
        {"q": "structure", "taille": "11"},
        1,
        True,
    ),  # 90 names walked, against 300 by the code's index
    ({**OCCITANIE, "famille": "association"}, 1, False),  # 80 matches: 113 names > 100 selected
    ({**OCCITANIE, "categorie": "ess_actor"}, 1, False),  # another filter
    ({"q": "structure"}, 2, False),  # the word alone: SQLite walks the name index already
    ({"territoire": "region-76"}, 1, False),  # no word
    ({"q": "structure rarissime", "territoire": "region-76"}, 1, False),  # together, rare
]
# The words most organisations hold (80%): PostgreSQL leaves the word index out for them (word_index.pg_common).
COMMON = {"structure", "stru"}
IDS = [
    f"{'&'.join(f'{k}={v}' for k, v in params.items())}&page={page}" for params, page, _ in CASES
]


@pytest.fixture
def directory_rows(monkeypatch) -> list[Organisation]:
    """300 organisations: a third in another region, a third in Haute-Garonne (10 of them in Ramonville), a
    third elsewhere in Occitanie; their names' order unrelated to their places."""
    monkeypatch.setattr(word_index, "SQLITE_COMMON", 20)
    monkeypatch.setattr(views, "COUNT_BOUND", 100)
    occitanie = Territory.objects.create(level="region", code="76", name="Occitanie")
    haute_garonne = Territory.objects.create(
        level="department", code="31", name="Haute-Garonne", parent=occitanie
    )
    Territory.objects.create(
        level="department", code="11", name="Aude", parent=occitanie
    )  # Carcassonne
    ara = Territory.objects.create(level="region", code="84", name="Auvergne-Rhône-Alpes")
    rhone = Territory.objects.create(level="department", code="69", name="Rhône", parent=ara)
    epci = Territory.objects.create(  # its communes' paths run through their own departments
        level="epci", code="200000001", name="EPCI des deux départements", parent=haute_garonne
    )
    communes = {
        key: Territory.objects.create(level="commune", code=code, name=name, parent=parent)
        for key, code, name, parent in [
            ("ramonville", "31446", "Ramonville-Saint-Agne", haute_garonne),
            ("toulouse", "31555", "Toulouse", epci),
            ("carcassonne", "11069", "Carcassonne", epci),
            ("lyon", "69123", "Lyon", rhone),
        ]
    }
    assert communes["carcassonne"].path == "/region-76/department-11/epci-200000001/commune-11069/"
    rows = []
    for i in range(300):
        if i % 3 == 0:
            commune = communes["lyon"]
        elif i % 3 == 1:
            commune = communes["ramonville" if i % 30 == 1 else "toulouse"]
        else:
            commune = communes["carcassonne"]
        name = f"{('Atelier', 'Coop', 'Maison', 'Réseau')[i * 7 % 4]} {i * 37 % 300:03d}"
        description = " ".join(
            (["Structure d'insertion"] if i % 5 != 4 else [])
            + (["rarissime"] if i % 50 == 0 else [])
        )
        rows.append(
            Organisation(
                name=name,
                slug=f"org-{i}",
                sort_name=sort_key(name),
                description=description,
                search_text=search_text(name, "", description),
                commune=commune,
                territory_path=commune.path,
                register_family="association" if i % 2 else "fondation",
                register_size="11",
            )
        )
    created = Organisation.objects.bulk_create(rows)
    if (
        connection.vendor == "postgresql"
    ):  # the statistics autovacuum keeps (it sees no uncommitted rows)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE actors_organisation")
    return created


def expected(params: dict) -> list[str]:
    """The list, computed here from every organisation: each typed word starts a word of search_text, the
    commune lies in the territory; in name order."""
    words = typed_words(params.get("q", ""))
    key = f"/{params['territoire']}/" if params.get("territoire") else "/"
    kept = [
        org
        for org in Organisation.objects.all()
        if all(f" {word}" in org.search_text for word in words)
        and key in org.territory_path
        and (not params.get("famille") or org.register_family == params["famille"])
        and (not params.get("taille") or org.register_size == params["taille"])
        and (not params.get("categorie") or org.category == params["categorie"])
    ]
    return [org.name for org in sorted(kept, key=lambda org: (org.sort_name, org.pk))]


def test_the_data_is_what_the_cases_say(directory_rows):
    assert len(expected({"q": "structure"})) == 240
    assert len(expected(OCCITANIE)) == 160
    assert len(expected({"q": "structure", "territoire": "department-31"})) == 80
    assert len(expected({"q": "structure", "territoire": "commune-31446"})) == 10
    assert len(expected({"q": "structure", "territoire": "epci-200000001"})) == 150
    assert len(expected({"q": "rarissime"})) == 6
    if connection.vendor == "sqlite":
        assert word_index.sqlite_common(connection, ["structure"])
        assert not word_index.sqlite_common(connection, ["rarissime"])
    if connection.vendor == "postgresql":
        assert word_index.pg_common(connection, ["structure"])
        assert word_index.pg_common(connection, ["stru"])
        assert not word_index.pg_common(connection, ["rarissime"])
        assert not word_index.pg_common(connection, ["structure", "rarissime"])


@pytest.mark.parametrize("params, page, walks", CASES, ids=IDS)
def test_each_page_is_the_list_in_order_with_its_count(client, directory_rows, params, page, walks):
    names = expected(params)
    response = client.get("/acteurs/", {**params, "page": page})
    assert response.status_code == 200
    page_obj = response.context["page_obj"]
    shown = min(page, -(-len(names) // 30))  # a page past the last shows the last
    assert [org.name for org in page_obj.object_list] == names[(shown - 1) * 30 : shown * 30]
    html = response.content.decode()
    if shown * 30 <= 100 and len(names) > 100:
        assert "Plus de 100 acteurs" in html
    else:
        assert f"{len(names)} acteurs" in html


@pytest.mark.parametrize("params, page, walks", CASES, ids=IDS)
def test_both_plans_read_the_same_list(directory_rows, params, page, walks):
    """The walk's query (the territory's condition left to no index) against the usual one: every row, in the
    same order, and the same page."""
    form = ActorFilterForm(params)
    usual = form.filter(Organisation.objects.all()).order_by("sort_name", "pk")
    walked = form.filter(Organisation.objects.all(), by_name=True).order_by("sort_name", "pk")
    if connection.vendor == "sqlite":
        usual_where = str(usual.query).partition(" WHERE ")[2]
        walked_where = str(walked.query).partition(" WHERE ")[2]
        for field in ("territory_path", "register_family", "register_size"):
            column = f'"actors_organisation"."{field}"'
            if column in usual_where:  # left to no index in the walk's query only
                assert f"+{column}" in walked_where and f"+{column}" not in usual_where
    names = expected(params)
    assert list(usual.values_list("name", flat=True)) == names
    assert list(walked.values_list("name", flat=True)) == names
    window = slice((page - 1) * 30, page * 30)
    assert list(walked.values_list("pk", flat=True)[window]) == list(
        usual.values_list("pk", flat=True)[window]
    )


@pytest.mark.embedded
@pytest.mark.parametrize("params, page, walks", CASES, ids=IDS)
def test_sqlite_walks_the_name_index_only_where_it_reads_less(
    client, directory_rows, params, page, walks
):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/acteurs/", {**params, "page": page}).status_code == 200
    pages = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith(
            'SELECT "actors_organisation"."id" AS "pk" FROM "actors_organisation"'
        )
        and "ORDER BY" in q["sql"]
    ]
    assert len(pages) == 1, pages
    assert (WALK in pages[0]) is walks, pages[0]
    # The count is never the walk's: it reads the territory's range, in no order.
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"]]
    assert not [sql for sql in counts if WALK in sql]
    if walks:  # and SQLite does walk the name index, with no sort
        form = ActorFilterForm(params)
        plan = form.filter(Organisation.objects.all(), by_name=True).order_by("sort_name", "pk")
        plan = plan.values_list("pk", flat=True)[(page - 1) * 30 : page * 30].explain()
        assert "actors_org_sort_idx" in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize("params, page, walks", CASES, ids=IDS)
def test_the_word_index_or_the_like_alone_read_the_same_list(directory_rows, params, page, walks):
    """The words by the word index and the LIKE (a rare word), or by the LIKE alone (a common one, on either
    database): every row, in the same order."""
    words = typed_words(params.get("q", ""))
    if not words:
        return
    form = ActorFilterForm(params)
    assert form.is_valid()
    names = expected(params)
    for common in (False, True):
        qs = form.placed(Organisation.objects.with_word_starts(words, common))
        where = str(qs.query).partition(" WHERE ")[2]
        assert (word_index.FTS_TABLE in where or "to_tsvector" in where) is not common, where
        assert list(qs.order_by("sort_name", "pk").values_list("name", flat=True)) == names


@pytest.mark.fullstack
@pytest.mark.parametrize("params, page, walks", CASES, ids=IDS)
def test_postgresql_leaves_the_word_index_out_for_common_words(
    client, directory_rows, params, page, walks
):
    """Its planner estimates « structure:* » far below its statistics (10,000 of 500,000), ANDs the index's
    whole bitmap with the territory's and sorts every match; with the LIKE alone it counts from the territory
    and walks the name index. A rare word keeps the index, in the count and in the page."""
    words = typed_words(params.get("q", ""))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/acteurs/", {**params, "page": page}).status_code == 200
    listed = [
        q["sql"]
        for q in ctx.captured_queries
        if '"actors_organisation"."search_text"::text LIKE' in q["sql"]
    ]
    assert len(listed) == (2 if words else 0), listed  # the bounded count and the page of ids
    for sql in listed:
        assert ("to_tsvector" in sql) is not (set(words) <= COMMON), sql
    if words and set(words) <= COMMON:  # nor does the planner read it
        form = ActorFilterForm(params)
        plan = form.filter(Organisation.objects.all()).order_by("sort_name", "pk")
        assert word_index.PG_INDEX not in plan.values_list("pk", flat=True)[:30].explain()
