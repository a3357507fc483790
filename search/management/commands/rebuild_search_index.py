import time

from django.core.management.base import BaseCommand, CommandError

from core.progress import Progress
from search.backends import SearchUnavailable, get_backend
from search.indexing import rebuild


class Command(BaseCommand):
    help = (
        "Reconstruit l'index de la recherche publique dans un nouvel index, puis le met en service d'un coup : "
        "la recherche ne se vide jamais pendant la reconstruction."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-outdated",
            action="store_true",
            help="Ne reconstruit que si l'index manque ou a été construit avec une autre analyse du français "
            "(après une mise à jour du code).",
        )

    def handle(self, *args, **options):
        backend = get_backend()
        self.stdout.write(f"Moteur : {backend.name}")
        if options["if_outdated"]:
            try:
                outdated = backend.analysis_outdated()
            except SearchUnavailable as exc:
                raise CommandError(f"Le moteur de recherche est injoignable : {exc}")
            if not outdated:
                self.stdout.write(
                    "L'index est à jour (même analyse du français) : rien à reconstruire."
                )
                return
            self.stdout.write(
                "L'index manque ou a été construit avec une autre analyse du français : reconstruction."
            )
        started = time.monotonic()
        bar = Progress("Indexation", 0, self.stdout)  # the total is known once the rebuild starts
        try:
            total = rebuild(progress=lambda n, of: bar.update(n, max(n, of)))
        except SearchUnavailable as exc:
            raise CommandError(f"Le moteur de recherche est injoignable : {exc}")
        bar.update(total)
        bar.finish()  # the last line shows what was indexed (non-public items are skipped)
        self.stdout.write(
            self.style.SUCCESS(
                f"{total} éléments indexés en {time.monotonic() - started:.1f} s ; le nouvel index est en service."
            )
        )
