"""Fixtures for the directory tests (the Etalab reference and Occitanie are the root conftest's)."""

from __future__ import annotations

import pytest

from actors.sirene import sample
from taxonomy.models import Territory


@pytest.fixture
def ramonville_xy(occitanie):
    commune = Territory.objects.get(level="commune", code="31446")
    return sample.lambert93(commune.latitude + 0.004, commune.longitude - 0.003)
