import time

from django.core.management.base import BaseCommand, CommandError

from search.backends import SearchUnavailable, get_backend
from search.indexing import rebuild
from tasks.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Reconstruit l'index de la recherche publique dans un nouvel index, puis le met en service d'un coup : "
        "la recherche ne se vide jamais pendant la reconstruction."
    )

    def handle(self, *args, **options):
        backend = get_backend()
        self.stdout.write(f"Moteur : {backend.name}")
        started = time.monotonic()
        bar = ProgressBar(self.stdout, label="Indexation")
        try:
            total = rebuild(progress=lambda n, of: bar.update(n, max(n, of)))
        except SearchUnavailable as exc:
            raise CommandError(f"Le moteur de recherche est injoignable : {exc}")
        bar.update(total, total)  # the last line shows what was indexed (non-public items are skipped)
        bar.finish()
        self.stdout.write(self.style.SUCCESS(
            f"{total} éléments indexés en {time.monotonic() - started:.1f} s ; le nouvel index est en service."
        ))
