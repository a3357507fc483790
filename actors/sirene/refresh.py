"""The scheduled refresh: re-import the register's files where the operator puts INSEE's monthly stock.

Settings (from the environment): MAILLAGE_SIRENE_UNITES_LEGALES and MAILLAGE_SIRENE_ETABLISSEMENTS (paths of
StockUniteLegale and StockEtablissement, CSV, ZIP or Parquet), MAILLAGE_SIRENE_TERRITOIRES (keys separated by
commas; empty: all of France). Celery beat runs `tasks.refresh_sirene` daily (actors/tasks.py); it imports
only when both files are there and differ (size or date) from those of the last import.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings

from taxonomy.models import Territory

logger = logging.getLogger(__name__)


def _fingerprint(paths: list[Path]) -> str:
    return ";".join(f"{p.name}:{p.stat().st_size}:{int(p.stat().st_mtime)}" for p in paths)


def refresh_from_settings() -> str:
    """Imports the configured files if new; returns what it did (for the task's result and the logs)."""
    units = getattr(settings, "MAILLAGE_SIRENE_UNITES_LEGALES", "")
    establishments = getattr(settings, "MAILLAGE_SIRENE_ETABLISSEMENTS", "")
    if not units or not establishments:
        return "Fichiers Sirene non configurés."
    paths = [Path(units), Path(establishments)]
    if not all(p.exists() for p in paths):
        return "Fichiers Sirene absents : rien à importer."
    stamp = Path(settings.MAILLAGE_IMPORT_DIR) / "sirene.stamp"
    fingerprint = _fingerprint(paths)
    if stamp.exists() and stamp.read_text() == fingerprint:
        return "Fichiers Sirene déjà importés."
    keys = [
        k.strip()
        for k in getattr(settings, "MAILLAGE_SIRENE_TERRITOIRES", "").split(",")
        if k.strip()
    ]
    places = [p for p in (Territory.from_key(k) for k in keys) if p is not None]
    # Imported here: pyarrow and numpy stay out of every process that only loads the task registry (~40 MB each).
    from actors.sirene.importer import import_sirene
    from actors.sirene.reader import SireneFileError

    if len(places) != len(keys):
        return f"Territoire inconnu dans MAILLAGE_SIRENE_TERRITOIRES : {', '.join(keys)}."
    try:
        report = import_sirene(paths[0], paths[1], places or None)
    except SireneFileError as exc:
        return f"Fichier refusé : {exc}"
    summary = "\n".join(report.summary())
    logger.info("%s", summary)
    if not report.error:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(fingerprint)
    return summary
