"""Shared fixtures for the extraction tests (no database needed).

The real-document corpus is found at $MAILLAGE_CORPUS_DIR or <project root>/../shared/corpus.
A missing corpus is a failure, never a skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.extraction_samples import corpus_dir, corpus_missing_message


@pytest.fixture(scope="session")
def corpus() -> Path:
    message = corpus_missing_message()
    if message:
        pytest.fail(message, pytrace=False)
    return corpus_dir()


@pytest.fixture(autouse=True)
def _restore_extraction_defaults():
    """Tests may call configure(); put the module defaults back afterwards."""
    from extraction import defaults

    saved = defaults.snapshot()
    yield
    defaults.configure(**saved)
