"""The index of Organisation.search_text's words, so that the directory's word-start search (« etabli » finds
« établissement ») reads an index instead of the whole table, in each database:

- PostgreSQL: a GIN index on to_tsvector('simple', search_text), asked with a prefix tsquery (`word:*`);
- SQLite: an FTS5 table with external content (the table's search_text), kept by triggers, asked with
  prefix queries (`"word"*`);
- other databases: the LIKE alone.

search_text holds only words of [0-9a-z] separated by spaces (models.folded_words), and so do the words
typed: both tokenizers cut it exactly at its spaces, so the index finds the same rows as
`search_text LIKE '% word%'`, which stays as the exact condition beside it (actors.models.OrganisationQuerySet)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

TABLE = "actors_organisation"
FTS_TABLE = "actors_organisation_words"
PG_INDEX = "actors_org_words_idx"
# The expression the GIN index holds: a query must repeat it as is to use the index.
PG_VECTOR = f'to_tsvector(\'simple\'::regconfig, "{TABLE}"."search_text")'

# Beyond this many matches SQLite answers from the LIKE alone (sqlite_common).
SQLITE_COMMON = 20_000
# Beyond this share of the organisations, by its statistics, PostgreSQL answers from the LIKE alone (pg_common).
PG_COMMON = 0.5

_WORD = re.compile(r"[0-9a-z]+")

_SQLITE_TRIGGERS = {
    f"{FTS_TABLE}_ai": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON {TABLE} BEGIN
            INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
        END""",
    f"{FTS_TABLE}_ad": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON {TABLE} BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
        END""",
    f"{FTS_TABLE}_au": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF search_text ON {TABLE} BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
            INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
        END""",
}


def words_only(words: list[str]) -> list[str]:
    """The words as the index reads them: only [0-9a-z] runs, whatever a caller passes."""
    return [w for word in words for w in _WORD.findall(word.casefold())]


def sqlite_match(words: list[str]) -> str:
    """The FTS5 MATCH expression: every word, each a quoted prefix (`"word"*`), never a syntax error."""
    return " AND ".join(f'"{word}"*' for word in words_only(words))


def pg_tsquery(words: list[str]) -> str:
    """The tsquery text: every word, each a quoted prefix (`'word':*`)."""
    return " & ".join(f"'{word}':*" for word in words_only(words))


def condition(
    connection: BaseDatabaseWrapper, words: list[str], common: bool | None = None
) -> Q | RawSQL | None:
    """The organisations whose search_text has a word starting with each of `words`, from the index alone;
    None where the database has no such index, or when the words are too common for it to help (the LIKE
    then answers alone, see common). `common`: common's answer when the caller already asked it."""
    words = words_only(words)
    if not words:
        return None
    if common is None:
        common = is_common(connection, words)
    if common:
        return None
    if connection.vendor == "sqlite":
        match = sqlite_match(words)
        rows = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
        return Q(id__in=rows)
    if connection.vendor == "postgresql":
        sql = f"{PG_VECTOR} @@ to_tsquery('simple'::regconfig, %s)"
        return RawSQL(sql, [pg_tsquery(words)], output_field=BooleanField())
    return None


def is_common(connection: BaseDatabaseWrapper, words: list[str]) -> bool:
    """Whether the words are too common for the word index to help: sqlite_common on SQLite, pg_common on
    PostgreSQL, False elsewhere. The LIKE alone finds the same rows."""
    if connection.vendor == "sqlite":
        return sqlite_common(connection, words)
    if connection.vendor == "postgresql":
        return pg_common(connection, words)
    return False


def sqlite_common(connection: BaseDatabaseWrapper, words: list[str]) -> bool:
    """Whether more than SQLITE_COMMON organisations match, on SQLite (False elsewhere). SQLite would then fetch
    every match by its id before sorting them (« structure » at 500,000 rows: 1 s); the LIKE alone is faster
    there, since the list's indexes (by name, by territory) meet matches early and the count stops at its bound
    (in a large territory, see sqlite_walk_by_name)."""
    words = words_only(words)
    if connection.vendor != "sqlite" or not words:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT 1 OFFSET %s",
            [sqlite_match(words), SQLITE_COMMON],
        )
        return cursor.fetchone() is not None


def pg_common(connection: BaseDatabaseWrapper, words: list[str]) -> bool:
    """Whether more than PG_COMMON of the organisations hold, for each of `words`, a word starting with it, by
    PostgreSQL's statistics of the index's expression (ANALYZE's most common lexemes and their frequencies,
    kept fresh by autovacuum; the words taken as independent). False elsewhere, or without statistics.

    PostgreSQL's planner estimates a prefix tsquery far below these frequencies (« structure:* », in all
    500,000 organisations, at 10,000 rows; « structure » without the prefix at 500,000), so beside a territory
    it ANDs the index's whole bitmap with the territory's and sorts every match: at 500,000 organisations,
    Haute-Garonne's 37,000 with « structure » cost 80 ms to count (bounded) and 223 ms to page. With the LIKE
    alone, which it estimates well, it counts from the territory's index (22 ms) and walks the name index for
    the page (1 ms). A rare word has no frequency here (not among the most common lexemes): the index stays."""
    words = words_only(words)
    if connection.vendor != "postgresql" or not words:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
            " WHERE schemaname = current_schema() AND tablename = %s",
            [PG_INDEX],
        )
        row = cursor.fetchone()
    if row is None or not row[0]:
        return False
    # The frequencies end with three more numbers (min, max, nulls): zip leaves them out.
    lexemes, frequencies = row
    share = 1.0
    for word in words:
        share *= min(
            1.0, sum(f for lexeme, f in zip(lexemes, frequencies) if lexeme.startswith(word))
        )
    return share > PG_COMMON


def sqlite_walk_by_name(
    connection: BaseDatabaseWrapper, matches: int, rows: int, count_selected: Callable[[int], int]
) -> bool:
    """Whether SQLite should read the first `rows` (in the list's order: sort_name, id) of `matches`
    organisations holding common words (sqlite_common) in a selection with its own index (a territory, register
    codes) by walking the name index and testing each row, rather than by reading every organisation of the
    selection by its index and sorting the matches. `matches`: the list's count (a floor when bounded);
    `count_selected(n)`: how many organisations the selection holds, counted up to `n`.

    SQLite, without statistics on the LIKE (ANALYZE changes nothing here), always takes the selection's index:
    at 500,000 organisations, Occitanie's 282,000 rows read and sorted for « structure » take 0.8 s, where the
    walk finds its first 30 among the first 60 names (0.3 ms); but for a small territory the walk would read
    most of the table (Toulouse, 71 organisations: 0.1 ms by its range, 120 ms walked).

    The walk reads about rows × N / matches of the N organisations (the matches spread along the names), the
    selection's index all the selection: walk when that is fewer, the selection counted only up to it (from its
    index, no table read)."""
    if connection.vendor != "sqlite" or rows < 1 or matches < 1:
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        (total,) = cursor.fetchone()
    walked = math.ceil(rows * total / matches)
    return walked < total and count_selected(walked + 1) > walked


def create(connection: BaseDatabaseWrapper) -> None:
    """Create the index (and on SQLite its triggers) when missing, filled from the table's rows.

    Run by the migration and after each migrate: on SQLite, Django rebuilds a table to alter it and its
    triggers go with the old one; they are put back here and the index rebuilt."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {TABLE} USING gin (({PG_VECTOR}))"
            )
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s",
                [f"{FTS_TABLE}%"],
            )
            present = {name for (name,) in cursor.fetchall()}
            if FTS_TABLE in present and present >= set(_SQLITE_TRIGGERS):
                return
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(search_text, "
                f"content='{TABLE}', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
            )
            for sql in _SQLITE_TRIGGERS.values():
                cursor.execute(sql)
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
        elif connection.vendor == "sqlite":
            for name in _SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
