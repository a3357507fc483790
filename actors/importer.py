"""Importing actors from CSV: validate every row, de-duplicate, create or update, all in one transaction.

A row is matched to an existing actor by SIRET, then by name + commune; a match is updated (only if
something differs), anything else is created. Rejected rows are reported with their line and the reason;
the others are imported. A dry run does the same work and rolls it back, so its report is exactly what the
real import will do. The file is streamed in batches: memory depends on the database, not on the file.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import BinaryIO, TextIO

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from actors import csv_values as cv
from actors.csv_io import CsvRow, CsvSource, read_rows
from actors.models import (
    RESERVED_SLUGS,
    Label,
    Organisation,
    organisation_path,
    search_text,
    sort_key,
)
from actors.signals import organisations_imported
from core.progress import Progress
from taxonomy.models import Territory, Theme

MAX_REPORTED = 5000


@dataclass
class Rejection:
    line: int
    name: str
    reason: str

    def __str__(self) -> str:
        return f"Ligne {self.line}{f' ({self.name[:60]})' if self.name else ''} : {self.reason}"


@dataclass
class ImportReport:
    dry_run: bool
    source: CsvSource | None = None
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected_count: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    new_sectors: list[str] = field(default_factory=list)
    new_labels: list[str] = field(default_factory=list)
    seconds: float = 0.0
    aborted: bool = False  # strict mode: rejected rows, nothing written

    def reject(self, line: int, name: str, reason: str) -> None:
        self.rejected_count += 1
        if len(self.rejected) < MAX_REPORTED:
            self.rejected.append(Rejection(line, name, reason))

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def summary(self) -> list[str]:
        mode = (
            "Simulation (rien n'a été enregistré)"
            if self.dry_run or self.aborted
            else "Import terminé"
        )
        lines = [
            f"{mode} : {self.rows} ligne(s) lue(s) en {self.seconds:.1f} s.",
            f"  {self.created} acteur(s) {'à créer' if self.dry_run else 'créé(s)'}, "
            f"{self.updated} {'à mettre à jour' if self.dry_run else 'mis à jour'}, "
            f"{self.unchanged} inchangé(s), "
            f"{self.rejected_count} ligne(s) rejetée(s).",
        ]
        if self.source:
            lines.append(
                f"  Fichier lu en {self.source.encoding_label}, séparateur {self.source.delimiter_label}."
            )
            if self.source.ignored:
                lines.append(f"  Colonnes ignorées : {', '.join(self.source.ignored)}.")
            if warning := self.source.encoding_warning():
                lines.append(f"  Attention : {warning}")
        if self.new_sectors:
            lines.append(f"  Nouveaux secteurs : {', '.join(self.new_sectors)}.")
        if self.new_labels:
            lines.append(f"  Nouveaux agréments ou labels : {', '.join(self.new_labels)}.")
        if self.aborted:
            lines.append("  Import annulé (mode strict) : corrigez les lignes rejetées.")
        if self.rejected_count > len(self.rejected):
            lines.append(
                f"  (seules les {len(self.rejected)} premières lignes rejetées sont détaillées)"
            )
        return lines


@dataclass
class Parsed:
    line: int
    values: dict
    sectors: list[str] | None
    labels: list[str] | None
    pk: int | None = None


class Vocabulary:
    """Themes (sectors) or labels by simplified name or slug; unknown names are created (and reported)."""

    def __init__(self, model, created: list[str]) -> None:
        self.model, self.created = model, created
        self.index = {}
        for obj in model.objects.all():
            self.index[cv.words(obj.name)] = obj.pk
            self.index[obj.slug] = obj.pk

    def ids(self, names: list[str]) -> set[int]:
        out = set()
        for name in names:
            pk = self.index.get(cv.words(name)) or self.index.get(slugify(name))
            if pk is None:
                obj = self.model.objects.create(name=name)
                pk = self.index[cv.words(name)] = self.index[obj.slug] = obj.pk
                self.created.append(name)
            out.add(pk)
        return out


class Importer:
    def __init__(self, report: ImportReport, source: CsvSource, batch_size: int) -> None:
        self.report, self.source, self.batch_size = report, source, batch_size
        self.columns = source.present
        self.communes = (
            cv.Communes() if self.columns & {"commune", "code_insee", "code_postal"} else None
        )
        self.manages_commune = bool(self.columns & {"commune", "code_insee"})
        self.sectors = Vocabulary(Theme, report.new_sectors)
        self.labels = Vocabulary(Label, report.new_labels)
        self.by_siret: dict[str, int] = {}
        self.by_name: dict[tuple[str, int | None], tuple[int, str]] = {}
        for pk, siret, name, commune_id in (
            Organisation.objects.order_by("pk")
            .values_list("pk", "siret", "name", "commune_id")
            .iterator(chunk_size=5000)
        ):
            if siret:
                self.by_siret.setdefault(siret, pk)
            self.by_name.setdefault((cv.words(name), commune_id), (pk, siret))
        self.slugs = set(
            Organisation.objects.values_list("slug", flat=True).iterator(chunk_size=5000)
        )
        self.slugs |= RESERVED_SLUGS
        self.seen_siret: dict[str, int] = {}
        self.seen_name: dict[tuple[str, int | None], int] = {}
        self.seen_pk: dict[int, int] = {}
        self.changed_pks: list[int] = []

    # --- one row ---------------------------------------------------------------------------------

    def parse(self, row: CsvRow) -> Parsed:
        get = row.values.get
        if row.problem:
            raise cv.Rejected(row.problem)
        values: dict = {"name": cv.text(get("nom", ""), "nom", 255)}
        if not values["name"]:
            raise cv.Rejected("nom manquant")
        if "forme_juridique" in self.columns:
            values["legal_form"] = cv.legal_form(get("forme_juridique", ""))
        if "siret" in self.columns:
            values["siret"] = cv.siret(get("siret", ""))
        if "sigle" in self.columns:
            values["acronym"] = cv.text(get("sigle", ""), "sigle", 50)
        if "adresse" in self.columns:
            values["address"] = cv.text(get("adresse", ""), "adresse", 255)
        postal = cv.postal_code(get("code_postal", ""))
        if "code_postal" in self.columns:
            values["postal_code"] = postal
        if self.manages_commune:
            values["commune_id"] = self.communes.resolve(
                get("code_insee", ""), get("commune", ""), postal
            )
        if self.columns & {"latitude", "longitude"}:
            values["latitude"], values["longitude"] = cv.position(
                get("latitude", ""), get("longitude", "")
            )
        if "site_web" in self.columns:
            values["website"] = cv.website(get("site_web", ""))
        if "description" in self.columns:
            values["description"] = cv.text(get("description", ""), "description", None)
        sectors = (
            cv.many(get("secteurs", ""), "secteur", 100) if "secteurs" in self.columns else None
        )
        labels = cv.many(get("labels", ""), "label", 150) if "labels" in self.columns else None
        parsed = Parsed(row.line, values, sectors, labels)
        parsed.pk = self.match(parsed)
        return parsed

    def match(self, parsed: Parsed) -> int | None:
        siret = parsed.values.get("siret", "")
        key = (cv.words(parsed.values["name"]), parsed.values.get("commune_id"))
        if siret:
            if siret in self.seen_siret:
                raise cv.Rejected(
                    f"doublon de la ligne {self.seen_siret[siret]} (même SIRET {siret})"
                )
            self.seen_siret[siret] = parsed.line
            self.seen_name.setdefault(key, parsed.line)
            pk = self.by_siret.get(siret)
            if pk is None and key in self.by_name and not self.by_name[key][1]:
                pk = self.by_name[key][0]  # known by name and commune, without SIRET until now
        else:
            parsed.values.pop("siret", None)  # an empty cell never erases a known SIRET
            if key in self.seen_name:
                raise cv.Rejected(
                    f"doublon de la ligne {self.seen_name[key]} (même nom, même commune)"
                )
            self.seen_name[key] = parsed.line
            pk = self.by_name[key][0] if key in self.by_name else None
        if pk is not None:
            if pk in self.seen_pk:
                raise cv.Rejected(f"désigne le même acteur que la ligne {self.seen_pk[pk]}")
            self.seen_pk[pk] = parsed.line
        return pk

    # --- a batch of valid rows -------------------------------------------------------------------

    def apply(self, batch: list[Parsed]) -> None:
        existing = Organisation.objects.in_bulk([p.pk for p in batch if p.pk])
        themes = self._links(Organisation.themes.through, "theme_id", existing)
        labels = self._links(Organisation.labels.through, "label_id", existing)
        now = timezone.now()
        to_update, update_fields, to_create, created_links = [], set(), [], []
        for parsed in batch:
            sector_ids = self.sectors.ids(parsed.sectors) if parsed.sectors is not None else None
            label_ids = self.labels.ids(parsed.labels) if parsed.labels is not None else None
            obj = existing.get(parsed.pk)
            if obj is None:
                obj = Organisation(
                    **parsed.values,
                    slug=self._slug(parsed.values["name"]),
                    sort_name=sort_key(parsed.values["name"]),
                    search_text=search_text(
                        parsed.values["name"],
                        parsed.values.get("acronym", ""),
                        parsed.values.get("description", ""),
                    ),
                    territory_path=self._paths(parsed.values.get("commune_id"), None),
                )
                to_create.append(obj)
                created_links.append((obj, sector_ids or set(), label_ids or set()))
                continue
            changed = {
                name
                for name, value in parsed.values.items()
                if not _same(getattr(obj, name), value)
            }
            links_changed = self._relink(
                Organisation.themes.through,
                "theme_id",
                obj.pk,
                themes.get(obj.pk, set()),
                sector_ids,
            )
            links_changed |= self._relink(
                Organisation.labels.through,
                "label_id",
                obj.pk,
                labels.get(obj.pk, set()),
                label_ids,
            )
            if changed or links_changed:
                for name in changed:
                    setattr(obj, name, parsed.values[name])
                if "name" in changed:
                    obj.sort_name = sort_key(obj.name)
                    changed.add("sort_name")
                if changed & {"name", "acronym", "description"}:
                    obj.search_text = search_text(obj.name, obj.acronym, obj.description)
                    changed.add("search_text")
                if "commune_id" in changed:
                    obj.territory_path = self._paths(obj.commune_id, obj.territory_id)
                    changed.add("territory_path")
                obj.updated_at = now
                update_fields |= changed | {"updated_at"}
                to_update.append(obj)
                self.changed_pks.append(obj.pk)
                self.report.updated += 1
            else:
                self.report.unchanged += 1
        if to_update:
            Organisation.objects.bulk_update(to_update, sorted(update_fields))
        if to_create:
            Organisation.objects.bulk_create(to_create)
            self._add_links(created_links)
            for obj in to_create:
                self.changed_pks.append(obj.pk)
                if obj.siret:
                    self.by_siret.setdefault(obj.siret, obj.pk)
                self.by_name.setdefault((cv.words(obj.name), obj.commune_id), (obj.pk, obj.siret))
            self.report.created += len(to_create)

    def _links(self, through, column: str, existing: dict) -> dict[int, set[int]]:
        links: dict[int, set[int]] = {}
        for org_id, other_id in through.objects.filter(
            organisation_id__in=list(existing)
        ).values_list("organisation_id", column):
            links.setdefault(org_id, set()).add(other_id)
        return links

    def _relink(
        self, through, column: str, org_id: int, current: set[int], wanted: set[int] | None
    ) -> bool:
        if wanted is None or wanted == current:
            return False
        if current - wanted:
            through.objects.filter(
                organisation_id=org_id, **{f"{column}__in": current - wanted}
            ).delete()
        through.objects.bulk_create(
            [through(organisation_id=org_id, **{column: pk}) for pk in wanted - current]
        )
        return True

    def _add_links(self, created: list[tuple[Organisation, set[int], set[int]]]) -> None:
        themes, labels = Organisation.themes.through, Organisation.labels.through
        themes.objects.bulk_create(
            [themes(organisation_id=o.pk, theme_id=t) for o, ts, _ in created for t in ts]
        )
        labels.objects.bulk_create(
            [labels(organisation_id=o.pk, label_id=lb) for o, _, ls in created for lb in ls]
        )

    def _paths(self, commune_id: int | None, territory_id: int | None) -> str:
        commune_path = (
            self.communes.paths.get(commune_id, "") if self.communes and commune_id else ""
        )
        territory_path = ""
        if territory_id:
            territory_path = (
                Territory.objects.filter(pk=territory_id).values_list("path", flat=True).first()
                or ""
            )
        return organisation_path(commune_path, territory_path)

    def _slug(self, name: str) -> str:
        base = slugify(name)[:240] or "sans-nom"
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug


def _same(current, new) -> bool:
    """Equal, or equal once spaced the way import writes text (so that export → import changes nothing)."""
    if isinstance(current, str) and isinstance(new, str) and current != new:
        return " ".join(current.split()) == " ".join(new.split())
    return current == new


def import_actors(
    fh: BinaryIO,
    dry_run: bool = False,
    stream: TextIO | None = None,
    strict: bool = False,
    batch_size: int = 500,
    index: bool = True,
) -> ImportReport:
    """Import a CSV of actors (binary file object). Raises CsvFormatError when the file is unreadable."""
    started = time.monotonic()
    report = ImportReport(dry_run=dry_run)
    source, rows = read_rows(fh)
    report.source = source
    progress = Progress("Import", source.estimated_rows, stream)
    with transaction.atomic():
        importer = Importer(report, source, batch_size)
        batch: list[Parsed] = []
        for row in rows:
            report.rows += 1
            try:
                batch.append(importer.parse(row))
            except cv.Rejected as exc:
                report.reject(row.line, row.values.get("nom", ""), str(exc))
            if len(batch) >= batch_size:
                importer.apply(batch)
                batch = []
            progress.advance()
        if batch:
            importer.apply(batch)
        progress.finish()
        report.aborted = strict and report.rejected_count > 0
        if dry_run or report.aborted:
            transaction.set_rollback(True)
        elif index:
            organisations_imported.send(sender=Organisation, pks=list(importer.changed_pks))
    report.seconds = time.monotonic() - started
    return report
