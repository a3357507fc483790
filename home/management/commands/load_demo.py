from django.core.management.base import BaseCommand

from home.demo.loader import load


class Command(BaseCommand):
    help = "Crée le contenu de démonstration à partir du compte rendu du 30 novembre 2023 (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin", action="store_true", help="Ne pas créer de compte administrateur."
        )

    def handle(self, *args, **options):
        load(log=self.stdout.write, with_admin=not options["no_admin"])
