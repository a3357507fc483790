"""CSV downloads of actor lists (admin and public), in the import format."""

from __future__ import annotations

from django.http import StreamingHttpResponse
from django.utils import timezone

from actors.csv_io import iter_csv
from actors.filters import for_export


def can_see_contacts(user) -> bool:
    """Contacts (those who consented) are for the team's mailings, never for public downloads."""
    return bool(user and user.is_authenticated and user.has_perm("actors.view_person"))


def csv_response(qs, filename: str, contacts: bool) -> StreamingHttpResponse:
    """The CSV (semicolon, UTF-8 with BOM: opens as is in French spreadsheets), streamed."""
    rows = for_export(qs, contacts=contacts).iterator(chunk_size=2000)
    response = StreamingHttpResponse(
        iter_csv(rows, contacts=contacts), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
    return response
