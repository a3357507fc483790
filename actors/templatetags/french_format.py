"""French number formatting for public templates: "83 758", and plurals where 0 and 1 are singular."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def nombre(value) -> str:
    """A number with French grouping ("83 758", "3,5"); anything else unchanged."""
    if value is None or value == "":
        return ""
    return number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def pluriel_fr(count, suffix: str = "s") -> str:
    """The plural suffix in French: none for 0 and 1 ("0 acteur", "1 acteur", "2 acteurs")."""
    try:
        return suffix if abs(int(count)) >= 2 else ""
    except (TypeError, ValueError):
        return ""
