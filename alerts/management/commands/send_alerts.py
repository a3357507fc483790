"""Sends the due alert digests (embedded default: run it from cron every 15 minutes or so)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from alerts.models import Subscription
from alerts.sender import send_batch

LABELS = {
    "sent": "envoyée",
    "empty": "rien de nouveau",
    "failed": "échec, nouvel essai au prochain passage",
}


class Command(BaseCommand):
    help = "Envoie les alertes e-mail arrivées à échéance, par lots ; efface les demandes non confirmées."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=None, help="alertes par lot")

    def handle(self, *args, batch_size: int | None = None, verbosity: int = 1, **options):
        total = {"sent": 0, "empty": 0, "failed": 0, "purged": 0}
        done = 0

        def progress(subscription: Subscription, outcome: str) -> None:
            nonlocal done
            done += 1
            if verbosity >= 1:
                self.stdout.write(f"[{done}] alerte {subscription.pk} : {LABELS[outcome]}")

        while True:
            summary = send_batch(batch_size=batch_size, progress=progress)
            for name in total:
                total[name] += getattr(summary, name)
            handled = summary.sent + summary.empty
            if not summary.remaining or not handled:
                break
        summary.sent, summary.empty, summary.failed, summary.purged = (
            total["sent"],
            total["empty"],
            total["failed"],
            total["purged"],
        )
        style = self.style.WARNING if summary.failed else self.style.SUCCESS
        self.stdout.write(style(f"Terminé : {summary}."))
