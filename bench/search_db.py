"""Rebuild-from-database benchmark: `.venv/bin/python -m bench.search_db [--pages 500]`.

Creates resource pages (each with themes, a territory and an attached document of three pages of text)
in a throw-away test database, then times `search.indexing.rebuild()` — the index documents built from the
models, as `rebuild_search_index` does — and counts its SQL queries, against the per-object builders
(`search.index_entries.build`) for the same items. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

from bench.search_corpus import Generator  # noqa: E402


def create_content(pages: int) -> None:
    from django.core.files.base import ContentFile

    from resources.models import (
        DocumentText,
        MeetingReportPage,
        ResourceDocument,
        ResourceDocumentLink,
        ResourceTerritory,
    )
    from taxonomy.models import Territory, Theme
    from testing import factories

    gen = Generator(seed=3)
    index = factories.site_tree()
    themes = [Theme.objects.create(name=name) for name in ("Réemploi", "Insertion", "Alimentation")]
    region = Territory.objects.create(level="region", code="76", name="Occitanie")
    department = Territory.objects.create(
        level="department", code="31", name="Haute-Garonne", parent=region
    )
    for n in range(pages):
        document = ResourceDocument(
            title=f"Compte rendu {n}", extracted_unit="page", extraction_status="done"
        )
        document.file.save(f"cr-{n}.pdf", ContentFile(b"%PDF-1.4 bench"), save=False)
        document.save()
        DocumentText.objects.bulk_create(
            [DocumentText(document=document, number=i, text=gen.paragraph(3)) for i in (1, 2, 3)]
        )
        page = MeetingReportPage(
            title=f"Rencontre {n}",
            summary=gen.paragraph(1),
            themes=themes[: n % 3 + 1],
            page_territories=[ResourceTerritory(territory=department)],
        )
        index.add_child(instance=page)
        page.attached_documents = [ResourceDocumentLink(document=document)]
        page.save_revision().publish()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    args = parser.parse_args()
    prefix = f"bench-db-{os.getpid()}"
    settings.MAILLAGE_SEARCH = {
        **settings.MAILLAGE_SEARCH,
        "INDEX_PREFIX": prefix,
        "EMBEDDED_PATH": PROJECT_ROOT / "var" / "bench" / f"{prefix}.sqlite3",
    }
    settings.MEDIA_ROOT = PROJECT_ROOT / "var" / "bench" / f"{prefix}-media"
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        started = time.perf_counter()
        create_content(args.pages)
        print(
            f"{args.pages} pages + {args.pages} documents created in {time.perf_counter() - started:.1f} s"
        )
        from search.index_entries import build, iter_all
        from search.indexing import rebuild

        with CaptureQueriesContext(connection) as one_by_one:
            started = time.perf_counter()
            built = [d for kind, pk in iter_all() if (d := build(kind, pk)) is not None]
            per_object = time.perf_counter() - started
        with CaptureQueriesContext(connection) as batched:
            started = time.perf_counter()
            total = rebuild()
            full = time.perf_counter() - started
        print(
            f"per-object builders: {len(built)} items in {per_object:.2f} s, {len(one_by_one)} queries"
        )
        print(
            f"rebuild():           {total} items in {full:.2f} s (building + indexing), {len(batched)} queries"
        )
    finally:
        from search.backends import get_backend

        backend = get_backend()
        if backend.name == "opensearch":
            backend.client.indices.delete(
                index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True
            )
        else:
            backend.path.unlink(missing_ok=True)
            backend.path.with_name(backend.path.name + ".rebuild.lock").unlink(missing_ok=True)
        teardown_databases(old_config, verbosity=0)
        import shutil

        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
