"""manage.py set_site_address --url https://… : the address absolute links of the site are built on."""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.site_address import set_default_site_address

ENV_VAR = "MAILLAGE_SITE_URL"


class Command(BaseCommand):
    help = (
        "Règle l'adresse du site par défaut (liens absolus : adresse des pages, canonique, plan du site, "
        f"lettre d'information). Sans --url, lit la variable {ENV_VAR}."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", help="adresse publique du site, par exemple https://ressources.example.fr"
        )

    def handle(self, *args, url: str | None = None, **options):
        url = url or os.environ.get(ENV_VAR, "")
        if not url:
            raise CommandError(f"Indiquez l'adresse du site avec --url ou la variable {ENV_VAR}.")
        try:
            site = set_default_site_address(url)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"Adresse du site : {site.root_url}/")
