"""The portrait's list as CSV: the active ESS establishments of a territory with the register's fields.

Only what the directory holds, and it holds no protected value of a partially diffusible unit (the importer
never stores one): the name shown for them is « Structure de l'ESS à diffusion partielle », without address.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.http import StreamingHttpResponse
from django.utils import timezone

from actors.filters import in_territory
from actors.sirene import labels
from actors.sirene.models import RegisterEntry
from taxonomy.models import Territory

HEADER = [
    "siret",
    "nom",
    "famille",
    "categorie_juridique",
    "secteur",
    "naf",
    "naf_2025",
    "tranche_effectif",
    "adresse",
    "code_postal",
    "commune",
    "code_insee",
    "latitude",
    "longitude",
    "position_approximative",
    "diffusion_partielle",
]


def rows(place: Territory) -> Iterator[list]:
    entries = (
        RegisterEntry.objects.filter(active=True)
        .filter(in_territory(place, prefix="organisation__"))
        .select_related("organisation__commune")
        .order_by("organisation__sort_name", "siret")
    )
    for e in entries.iterator(chunk_size=2000):
        org = e.organisation
        commune = org.commune
        yield [
            e.siret,
            org.name,
            labels.FAMILIES.get(e.family, ""),
            e.legal_category,
            labels.SECTORS.get(e.sector, ""),
            e.naf,
            e.naf_2025,
            labels.SIZE_BANDS.get(e.size_band, ""),
            org.address,
            org.postal_code,
            commune.name if commune else "",
            commune.code if commune else "",
            org.latitude if org.latitude is not None else "",
            org.longitude if org.longitude is not None else "",
            "oui" if e.approximate else "non",
            "oui" if e.partially_diffusible else "non",
        ]


def _lines(place: Territory) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(HEADER)
    for row in rows(place):
        writer.writerow(row)
        if buffer.tell() > 1 << 16:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def establishments_csv(place: Territory) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_lines(place), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="etablissements-ess-{place.key}-{stamp}.csv"'
    )
    return response
