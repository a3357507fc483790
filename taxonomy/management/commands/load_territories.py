"""python manage.py load_territories [--region 76] [--source DIR] [--fetch]"""

from __future__ import annotations

import subprocess

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from taxonomy import territories


class Command(BaseCommand):
    help = (
        "Charge le découpage administratif officiel (régions, départements, EPCI, communes) depuis le paquet "
        "Etalab @etalab/decoupage-administratif (voir scripts/fetch-territories.sh). Relançable sans effet."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--region",
            action="append",
            default=[],
            metavar="CODE",
            help="Code INSEE d'une région à charger seule (ex. 76 pour l'Occitanie), répétable.",
        )
        parser.add_argument(
            "--source", metavar="DIR", help="Dossier du paquet (par défaut var/etalab/…)."
        )
        parser.add_argument(
            "--fetch",
            action="store_true",
            help="Télécharge le paquet avec npm s'il manque (scripts/fetch-territories.sh).",
        )

    def handle(self, *args, region: list[str], source: str | None, fetch: bool, **options) -> None:
        verbose = options["verbosity"] > 0
        try:
            territories.data_dir(source)
        except territories.SourceMissing as exc:
            if not fetch or source:
                raise CommandError(str(exc))
            self._fetch()
        regions = {code.strip() for code in region if code.strip()} or None
        try:
            stats = territories.load(source, regions, stream=self.stdout if verbose else None)
        except territories.SourceMissing as exc:
            raise CommandError(str(exc))
        except KeyError as exc:
            raise CommandError(f"Code inconnu dans le référentiel : {exc}")
        if verbose:
            for line in territories.summary(stats):
                self.stdout.write(line)

    def _fetch(self) -> None:
        script = settings.BASE_DIR / territories.FETCH_SCRIPT
        self.stdout.write(f"Téléchargement du référentiel ({script.name})…")
        result = subprocess.run(["bash", str(script)], check=False)
        if result.returncode:
            raise CommandError(f"Échec de {territories.FETCH_SCRIPT} (code {result.returncode}).")
