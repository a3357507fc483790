"""python manage.py import_actors FILE [--dry-run] [--strict]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from actors.csv_io import COLUMNS, CsvFormatError
from actors.importer import import_actors


class Command(BaseCommand):
    help = (
        "Importe des acteurs depuis un CSV (UTF-8 ou Windows-1252, virgule ou point-virgule ; colonnes : "
        f"{', '.join(COLUMNS)}). Dédoublonne par SIRET puis nom + commune ; met à jour au lieu de dupliquer."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", metavar="FICHIER")
        parser.add_argument(
            "--dry-run", action="store_true", help="Simulation : affiche le rapport, n'écrit rien."
        )
        parser.add_argument(
            "--strict", action="store_true", help="N'importe rien si une ligne est rejetée."
        )

    def handle(self, *args, file: str, dry_run: bool, strict: bool, **options) -> None:
        verbose = options["verbosity"] > 0
        try:
            with open(file, "rb") as fh:
                report = import_actors(
                    fh, dry_run=dry_run, strict=strict, stream=self.stdout if verbose else None
                )
        except FileNotFoundError:
            raise CommandError(f"Fichier introuvable : {file}")
        except CsvFormatError as exc:
            raise CommandError(f"Fichier refusé, rien n'a été importé. {exc}")
        for rejection in report.rejected:
            self.stdout.write(str(rejection))
        for line in report.summary():
            self.stdout.write(line)
        if report.aborted:
            raise CommandError("Import annulé : des lignes ont été rejetées (--strict).")
