from django.core.management.base import BaseCommand, CommandError

from core.progress import Progress
from resources.document_extraction import extract_document
from resources.models import ExtractionStatus, ResourceDocument
from search.indexing import index_object


class Command(BaseCommand):
    help = "Relance l'extraction du texte des documents (tous, ou seulement ceux en échec), puis les réindexe."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument(
            "--failed",
            action="store_true",
            help="Seulement les documents en échec ou dont le texte n'a pas pu être lu (OCR indisponible…).",
        )
        group.add_argument("--all", action="store_true", help="Tous les documents.")

    def handle(self, *args, failed=False, all=False, **options):
        qs = ResourceDocument.objects.order_by("pk")
        if failed:
            qs = qs.filter(extraction_status__in=ExtractionStatus.to_retry())
        ids = list(qs.values_list("pk", flat=True))
        if not ids:
            self.stdout.write("Aucun document à traiter.")
            return
        bar = Progress("Extraction", len(ids), self.stdout)
        counts = {
            ExtractionStatus.DONE: 0,
            ExtractionStatus.NO_TEXT: 0,
            ExtractionStatus.FAILED: 0,
            "skipped": 0,
        }
        for pk in ids:
            ResourceDocument.objects.filter(pk=pk).update(
                extraction_status=ExtractionStatus.PENDING
            )
            status = extract_document(pk)
            counts[status] = counts.get(status, 0) + 1
            try:
                index_object("document", pk)
            except Exception as exc:  # the index will be rebuilt later; the text is saved
                raise CommandError(f"Texte extrait mais index injoignable : {exc}")
            bar.advance()
        bar.finish()
        self.stdout.write(
            f"{len(ids)} document(s) : {counts[ExtractionStatus.DONE]} extrait(s), "
            f"{counts[ExtractionStatus.NO_TEXT]} sans texte lu, "
            f"{counts[ExtractionStatus.FAILED]} en échec, "
            f"{counts['skipped']} déjà en cours."
        )
        for doc in ResourceDocument.objects.filter(
            pk__in=ids, extraction_status__in=ExtractionStatus.to_retry()
        ):
            self.stdout.write(f"  - {doc.title} : {doc.extraction_error}")
