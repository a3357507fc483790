"""Wagtail's API v2 answers bad input with English sentences; a partner reads them in French here.

`french(message, type)` maps each message Wagtail's API v2 (wagtail/api/v2/) raises to a French sentence naming the
same parameter or value; an unforeseen one keeps its English detail inside a French sentence.
"""

from __future__ import annotations

import re

NOT_FOUND = "Introuvable ou non public."
BAD_OPERATOR = "Le paramètre search_operator vaut « and » ou « or »."

# (pattern of Wagtail's message, French sentence with the pattern's groups)
MESSAGES: list[tuple[str, str]] = [
    (
        r"(limit|offset|child_of|descendant_of|ancestor_of|translation_of) must be a positive integer",
        "Le paramètre {0} doit être un entier positif.",
    ),
    (r"limit cannot be higher than (\d+)", "Le paramètre limit ne peut pas dépasser {0}."),
    (
        r"type doesn't exist",
        "Type inconnu : « {type} » (paramètre type, par exemple resources.MeetingReportPage).",
    ),
    (r"unknown fields: (.*)", "Champs inconnus (paramètre fields) : {0}."),
    (r"fields error: (.*)", "Paramètre fields non valide : {0}."),
    (
        r"'(.*)' does not support nested fields",
        "Le champ {0} n'a pas de sous-champs (paramètre fields).",
    ),
    (
        r"cannot order by '(.*)' \((?:unknown|invalid) field\)",
        "Tri impossible sur {0} : champ inconnu (paramètre order).",
    ),
    (
        r"cannot order by '(.*)' while searching \(field is not indexed\)",
        "Tri impossible sur {0} pendant une recherche (paramètre order).",
    ),
    (
        r"cannot filter by '(.*)' while searching \(field is not indexed\)",
        "Filtre impossible sur {0} pendant une recherche.",
    ),
    (
        r"random ordering cannot be combined with other fields",
        "Le tri order=random ne se combine pas avec d'autres tris.",
    ),
    (
        r"random ordering with offset is not supported",
        "Le tri order=random ne se combine pas avec offset.",
    ),
    (
        r"query parameter is not an operation or a recognised field: (.*)",
        "Paramètre inconnu : {0} (ni une opération, ni un champ filtrable).",
    ),
    (
        r"field filter error\. '(.*)' is not a valid value for (\w+).*",
        "Valeur non valide pour {1} : « {0} ».",
    ),
    (
        r"field filter error\. null characters are not allowed for (\w+)",
        "Caractère nul interdit dans {0}.",
    ),
    (
        r"(parent|ancestor|descendant|translation_of) page doesn't exist",
        "La page désignée n'existe pas ou n'est pas publique ({0}).",
    ),
    (
        r"filtering by descendant_of with child_of is not supported",
        "Le filtre descendant_of ne se combine pas avec child_of.",
    ),
    (
        r"filtering by tag with a search query is not supported",
        "Le filtre par mot-clé ne se combine pas avec search.",
    ),
    (r"search is disabled", "La recherche est désactivée."),
    (r"No (?:Locale|Site) matches the given query\.", "Langue ou site inconnu."),
    (r"not found|No \w+ matches the given query\.", NOT_FOUND),
]
_COMPILED = [(re.compile(pattern), french) for pattern, french in MESSAGES]


def french(message: str, page_type: str = "") -> str:
    """The French sentence for one of Wagtail's messages; `page_type` is the request's type parameter, which Wagtail's
    message does not repeat."""
    for pattern, sentence in _COMPILED:
        match = pattern.fullmatch(message)
        if match:
            return sentence.format(*match.groups(), type=page_type[:100])
    return f"Requête non valide ({message})."
