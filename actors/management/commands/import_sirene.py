"""python manage.py import_sirene --unites-legales PATH --etablissements PATH [--territoire KEY ...] [--dry-run]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from actors.sirene.importer import import_sirene
from actors.sirene.reader import SireneFileError
from taxonomy.models import Territory


class Command(BaseCommand):
    help = (
        "Importe les établissements actifs des unités légales de l'ESS depuis les fichiers de stock Sirene de "
        "l'INSEE (StockUniteLegale et StockEtablissement : CSV, CSV zippé ou Parquet), dans les territoires "
        "donnés (toute la France sans --territoire). Une organisation par SIRET ; les fiches modifiées par "
        "l'équipe gardent leur nom, leur texte, leurs thèmes et leurs contacts."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--unites-legales",
            required=True,
            metavar="FICHIER",
            help="StockUniteLegale (CSV, ZIP ou Parquet)",
        )
        parser.add_argument(
            "--etablissements",
            required=True,
            metavar="FICHIER",
            help="StockEtablissement (CSV, ZIP ou Parquet)",
        )
        parser.add_argument(
            "--territoire",
            action="append",
            default=[],
            metavar="CLÉ",
            help="territoire à garder, ex. region-76, department-31, epci-243100633, commune-31446 "
            "(répétable)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Simulation : affiche le bilan, n'écrit rien."
        )

    def handle(
        self,
        *args,
        unites_legales: str,
        etablissements: str,
        territoire: list[str],
        dry_run: bool,
        **options,
    ) -> None:
        places = []
        for key in territoire:
            place = Territory.from_key(key)
            if place is None:
                raise CommandError(
                    f"Territoire inconnu : « {key} » (clés attendues : region-76, department-31, "
                    "epci-243100633, commune-31446 ; chargez le référentiel avec load_territories)."
                )
            places.append(place)
        try:
            report = import_sirene(
                unites_legales,
                etablissements,
                places or None,
                dry_run=dry_run,
                stream=self.stdout if options["verbosity"] > 0 else None,
            )
        except SireneFileError as exc:
            raise CommandError(f"Fichier refusé, rien n'a été importé : {exc}")
        for line in report.summary():
            self.stdout.write(line)
        if report.error:
            raise CommandError("Import interrompu (voir ci-dessus).")
