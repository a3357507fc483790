"""Fixtures for the taxonomy tests (shared with the directory's: tests/actors/conftest.py imports them): the
real Etalab reference (fetched with npm when missing) and Occitanie loaded from it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from taxonomy import territories

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def etalab_source() -> Path:
    """The unpacked @etalab/decoupage-administratif package; fetched once with npm if absent."""
    try:
        return territories.data_dir()
    except territories.SourceMissing:
        result = subprocess.run(
            ["bash", str(PROJECT_ROOT / territories.FETCH_SCRIPT)], capture_output=True, text=True
        )
        if result.returncode:
            pytest.fail(f"Cannot fetch the territory reference: {result.stderr}", pytrace=False)
        return territories.data_dir()


@pytest.fixture
def occitanie(db, etalab_source):
    """Occitanie (region 76) and what it needs, loaded from the real reference."""
    return territories.load(etalab_source, {"76"})
