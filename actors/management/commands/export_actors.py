"""python manage.py export_actors [--territoire KEY] [--forme FORME] [--secteur SLUG] > acteurs.csv"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from actors.csv_io import write_csv
from actors.filters import filter_actors, for_export


class Command(BaseCommand):
    help = (
        "Exporte les acteurs (filtrés) en CSV sur la sortie standard, dans le format que lit import_actors ; "
        "seuls les contacts ayant donné leur consentement figurent dans l'export."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--territoire", default="", help="Clé du territoire, ex. department-31, epci-243100633."
        )
        parser.add_argument(
            "--forme", default="", help="Forme juridique (code), ex. scop, association."
        )
        parser.add_argument(
            "--secteur", default="", help="Secteur (slug du thème), ex. alimentation."
        )
        parser.add_argument("--label", default="", help="Agrément ou label (slug).")
        parser.add_argument("--categorie", default="", help="Catégorie, ex. ess_actor.")
        parser.add_argument(
            "--q", default="", help="Recherche dans le nom, le sigle et la description."
        )
        parser.add_argument(
            "--separateur", default=",", choices=[",", ";"], help="Séparateur (virgule par défaut)."
        )

    def handle(self, *args, **options) -> None:
        params = {
            k: options[k]
            for k in ("territoire", "forme", "secteur", "label", "categorie", "q")
            if options[k]
        }
        qs, form = filter_actors(params)
        if not form.is_valid():
            errors = "; ".join(f"{name} : {' '.join(e)}" for name, e in form.errors.items())
            raise CommandError(f"Filtre invalide — {errors}")
        count = write_csv(
            for_export(qs).iterator(chunk_size=2000), self.stdout, options["separateur"]
        )
        if options["verbosity"] > 1:
            self.stderr.write(f"{count} acteur(s) exporté(s).")
