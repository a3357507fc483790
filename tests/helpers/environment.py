"""Where and how the suite runs: its mode (scripts/run-tests.sh sets MAILLAGE_TEST_MODE), the project's folder and
the shared corpus of real third-party documents."""

from __future__ import annotations

import os
from pathlib import Path

MODE = os.environ.get("MAILLAGE_TEST_MODE", "embedded")
PROJECT_ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = Path(os.environ.get("MAILLAGE_CORPUS_DIR", PROJECT_ROOT.parent / "shared" / "corpus"))
