"""python manage.py extract_text FILE... [--json]: print the text extracted from files.

Each file goes through extract_file_isolated (child process, memory and time limits), exactly
as uploads do. Exit status 1 when any file failed; failures never print a traceback.
"""

from __future__ import annotations

import json
import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from extraction import ExtractionError, configure_from_settings, extract_file_isolated
from extraction.formats import UNIT_LABELS


def extract_one(path: str, **kw: Any) -> dict[str, Any]:
    """JSON-able result for one file: the document, or {"file", "error", "code"}."""
    try:
        doc = extract_file_isolated(path, **kw)
    except ExtractionError as exc:
        return {"file": path, "error": exc.message, "code": exc.code}
    return {"file": path, **doc.to_dict()}


class Command(BaseCommand):
    help = (
        "Extrait le texte de fichiers (PDF, Word, OpenDocument, PowerPoint, texte), page par page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", help="Une ligne JSON par fichier.")
        parser.add_argument(
            "--no-ocr", action="store_true", help="Ne pas lancer l'OCR des pages numérisées."
        )
        parser.add_argument(
            "--timeout", type=float, default=None, help="Durée maximale par fichier (s)."
        )
        parser.add_argument("--memory-limit", type=int, default=None, help="Mémoire maximale (Mo).")

    def handle(self, *args: Any, **options: Any) -> None:
        configure_from_settings(settings)
        kw: dict[str, Any] = {
            "timeout": options["timeout"],
            "memory_limit_mb": options["memory_limit"],
        }
        if options["no_ocr"]:
            kw["ocr"] = False
        failures = 0
        for path in options["files"]:
            result = extract_one(os.fspath(path), **kw)
            failures += "error" in result
            if options["json"]:
                self.stdout.write(json.dumps(result, ensure_ascii=False))
            else:
                self._print_plain(result)
        if failures:
            raise CommandError(
                f"{failures} fichier(s) sur {len(options['files'])} en échec.", returncode=1
            )

    def _print_plain(self, result: dict[str, Any]) -> None:
        if "error" in result:
            self.stderr.write(f"{result['file']} : échec ({result['code']}) — {result['error']}")
            return
        unit = UNIT_LABELS.get(result["unit"], result["unit"])
        count = len(result["pages"])
        self.stdout.write(
            f"==> {result['file']} ({result['format']}, {count} {unit}{'s' if count > 1 else ''})"
        )
        for warning in result["warnings"]:
            self.stderr.write(f"{result['file']} : {warning}")
        for page in result["pages"]:
            flag = " [OCR]" if page["ocr"] else ""
            self.stdout.write(f"--- {unit} {page['number']}{flag} ---")
            self.stdout.write(page["text"])
