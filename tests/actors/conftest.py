"""Fixtures for the directory tests: the real Etalab reference and Occitanie, shared with the taxonomy tests."""

from tests.taxonomy.conftest import etalab_source, occitanie  # noqa: F401 (fixtures used by name)
