from django.core.management.base import BaseCommand

from tasks.dispatch import flush_queued_jobs
from tasks.models import QueuedJob


class Command(BaseCommand):
    help = "Envoie aux workers les tâches gardées en base pendant une indisponibilité de Redis."

    def handle(self, *args, **options):
        waiting = QueuedJob.objects.count()
        sent = flush_queued_jobs(limit=100_000)
        self.stdout.write(f"{sent} tâche(s) envoyée(s) sur {waiting} en attente.")
