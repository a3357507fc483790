"""French formatting: numbers "83 758", plurals where 0 and 1 are singular, file sizes "1,2 Mo", dates
"30 novembre 2023". Templates use them as filters (`{% load french_format %}`), e-mails, feeds and PDFs in Python."""

from __future__ import annotations

from datetime import date as date_type
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format, number_format


def nombre(value) -> str:
    """A number with French grouping ("83 758", "3,5"); anything else unchanged."""
    if value is None or value == "":
        return ""
    return number_format(value, use_l10n=True, force_grouping=True)


def pluriel_fr(count, suffix: str = "s") -> str:
    """The plural suffix in French: none for 0 and 1 ("0 acteur", "1 acteur", "2 acteurs")."""
    try:
        return suffix if abs(int(count)) >= 2 else ""
    except (TypeError, ValueError):
        return ""


FILE_SIZE_UNITS = ["ko", "Mo", "Go", "To"]


def taille_fichier(value) -> str:
    """A file size in French units: "500 octets", "2 ko", "1,2 Mo" (never "Kio"/"Mio"); "" when unknown."""
    try:
        size = int(value)
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        return f"{size} octet{pluriel_fr(size)}"
    amount, index = size / 1024, 0
    while amount >= 1024 and index < len(FILE_SIZE_UNITS) - 1:
        amount, index = amount / 1024, index + 1
    unit = FILE_SIZE_UNITS[index]
    decimals = 0 if amount >= 10 else 1
    text = number_format(
        round(amount, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True
    )
    return f"{text.removesuffix(',0')}\N{NO-BREAK SPACE}{unit}"


def date_fr(value) -> str:
    """A date written out in French, "1er décembre 2023", "30 novembre 2023"; accepts a date or an ISO string."""
    if isinstance(value, str):
        try:
            value = parse_date(value[:10])
        except ValueError:  # well-formed but impossible, "2023-02-30"
            return ""
    if not isinstance(value, date_type):
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)  # the day as seen in France, not in UTC
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {date_format(value, 'F Y')}"


def mois_fr(year: int, month: int) -> str:
    """A month of a year in French, "décembre 2026" (the agenda's headings)."""
    return date_format(date_type(year, month, 1), "F Y")


# The languages extraction/language.py recognises, as a French sentence says a text is written in them.
LANGUAGE_PHRASES = {
    "fr": "en français",
    "en": "en anglais",
    "de": "en allemand",
    "es": "en espagnol",
    "it": "en italien",
    "pt": "en portugais",
    "nl": "en néerlandais",
    "pl": "en polonais",
}


def en_langue(code: str | None) -> str | None:
    """« en anglais » for "en"; None for an unknown or missing code."""
    return LANGUAGE_PHRASES.get(code or "")


def langue(code: str | None) -> str | None:
    """« anglais » for "en"; None for an unknown or missing code."""
    phrase = en_langue(code)
    return phrase.removeprefix("en ") if phrase else None
