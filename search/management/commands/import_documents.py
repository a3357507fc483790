from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Collection

from core.progress import Progress
from extraction import formats
from resources.document_extraction import extract_document
from resources.models import ExtractionStatus, ResourceDocument
from search.indexing import index_object

ALLOWED = {f".{ext}" for ext in formats.upload_extensions()}


def _files(paths: list[str]) -> list[Path]:
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ALLOWED
            )
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"Introuvable : {raw}")
    return found


class Command(BaseCommand):
    help = "Importe des fichiers (ou les fichiers de dossiers) dans la médiathèque de documents."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Fichiers ou dossiers à importer.")
        parser.add_argument("--collection", help="Nom de la collection (créée si besoin).")
        parser.add_argument(
            "--sync",
            action="store_true",
            help="Extraire et indexer le texte avant de rendre la main.",
        )

    def handle(self, *args, paths, collection=None, sync=False, **options):
        files = _files(paths)
        root = Collection.get_first_root_node()
        target = root
        if collection:
            target = root.get_children().filter(name=collection).first() or root.add_child(
                name=collection
            )
        bar = Progress("Import", len(files), self.stdout)
        imported, failures, rejected = [], [], []
        for path in files:
            document = ResourceDocument(title=path.stem.replace("_", " "), collection=target)
            try:
                with path.open("rb") as fh:
                    document.file.save(path.name, File(fh), save=False)
                    document.save()
            except (SuspiciousFileOperation, OSError) as exc:
                rejected.append((path, exc))
                bar.advance()
                continue
            imported.append(document)
            if sync:
                extract_document(document.pk)
                index_object("document", document.pk)
            bar.advance()
        bar.finish()
        for document in imported:
            document.refresh_from_db()
            if document.extraction_status == ExtractionStatus.FAILED:
                failures.append((document, document.extraction_error))
        self.stdout.write(
            f"{len(imported)} document(s) importé(s), {len(failures)} échec(s) d'extraction."
        )
        for document, reason in failures:
            self.stdout.write(f"  - {document.file.name} : {reason}")
        for path, exc in rejected:
            self.stdout.write(f"  - {path.name} : non importé ({exc})")
        if not sync:
            self.stdout.write("L'extraction du texte se poursuit en arrière-plan.")
