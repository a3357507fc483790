"""Territory keys ("department-31") are parsed in one place, and levels have one order."""

import pytest

from taxonomy.models import LEVELS, Territory, level_rank, parse_key


def test_levels_follow_the_level_choices_largest_first():
    assert LEVELS == ("region", "department", "epci", "commune") == tuple(Territory.Level.values)
    assert [level_rank(level) for level in LEVELS] == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("key", "parsed"),
    [
        ("department-31", ("department", "31")),
        (" epci-243100633 ", ("epci", "243100633")),
        ("commune-2A004", ("commune", "2A004")),
        ("canton-31", None),
        ("department-", None),
        ("department-31\x00", None),
        ("department-31-2", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_key(key, parsed):
    assert parse_key(key) == parsed


@pytest.mark.django_db
def test_from_key_and_for_keys():
    region = Territory.objects.create(level="region", code="76", name="Occitanie")
    department = Territory.objects.create(
        level="department", code="31", name="Haute-Garonne", parent=region
    )
    Territory.objects.create(
        level="commune", code="31", name="Homonyme de code"
    )  # same code, other level
    assert Territory.from_key("department-31") == department
    assert Territory.from_key("department-99") is None
    assert Territory.from_key("nonsense") is None
    found = Territory.objects.for_keys(
        ["region-76", "department-31", "epci-1", "bogus", "region-76"]
    )
    assert sorted(t.key for t in found) == ["department-31", "region-76"]
    assert not Territory.objects.for_keys(["bogus"]).exists()
    assert list(Territory.objects.for_keys(["region-76"]).largest_first()) == [region]
