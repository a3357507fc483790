"""SIREN (9 digits) and SIRET (14 digits) numbers: normalisation and checksum (Luhn) validation.

La Poste is the one known exception: its establishments share the SIREN 356 000 000 and their SIRETs do
not all follow the Luhn key; INSEE accepts them when the sum of their digits is a multiple of 5.
"""

from __future__ import annotations

import re

LA_POSTE_SIREN = "356000000"
_SEPARATORS = re.compile(r"[\s.\-_/\u00a0\u202f]")


def normalize(value: str) -> str:
    """Remove the spaces, dots and dashes people put in numbers: '123 456 789 00012' → '12345678900012'."""
    return _SEPARATORS.sub("", value or "")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def siren_error(value: str) -> str | None:
    siren = normalize(value)
    if not siren.isdigit() or len(siren) != 9:
        return "un SIREN compte 9 chiffres"
    if not luhn_ok(siren):
        return "SIREN invalide (clé de contrôle incorrecte)"
    return None


def siret_error(value: str) -> str | None:
    """Why `value` is not a valid SIRET (or SIREN), in French; None when it is valid."""
    raw = (value or "").strip()
    if re.fullmatch(r"\d+([.,]\d+)?[eE]\+?\d+", raw) or re.fullmatch(r"\d{9,14}[.,]0+", raw):
        return "SIRET illisible (nombre converti par un tableur : formatez la colonne en texte)"
    number = normalize(raw)
    if not number.isdigit():
        return "le SIRET ne doit contenir que des chiffres"
    if len(number) == 9:
        return siren_error(number)
    if len(number) != 14:
        return f"un SIRET compte 14 chiffres (ici {len(number)})"
    if luhn_ok(number) and luhn_ok(number[:9]):
        return None
    if number.startswith(LA_POSTE_SIREN):
        return None if sum(int(c) for c in number) % 5 == 0 else "SIRET de La Poste invalide"
    if not luhn_ok(number[:9]):
        return "SIRET invalide (le SIREN, 9 premiers chiffres, a une clé de contrôle incorrecte)"
    if not luhn_ok(number):
        return "SIRET invalide (clé de contrôle incorrecte)"
    return None
