import signal
import threading

from django.core.management.base import BaseCommand

from tasks.periodic import Scheduler, entries


class Command(BaseCommand):
    help = (
        "Exécute les tâches périodiques déclarées par les applications dans ce processus (mode embarqué : "
        "`make run` le lance à côté du serveur ; la pile complète utilise Celery beat)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Exécute les tâches dues une fois, puis s'arrête."
        )

    def handle(self, *args, once: bool = False, **options):
        scheduler = Scheduler()
        if once:
            ran = scheduler.tick()
            self.stdout.write(
                f"{len(ran)} tâche(s) périodique(s) exécutée(s) : {', '.join(ran) or 'aucune'}."
            )
            return
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        names = ", ".join(entry.name for entry in entries())
        self.stdout.write(f"Planificateur démarré : {names}.")
        scheduler.run_forever(stop)
        self.stdout.write("Planificateur arrêté.")
