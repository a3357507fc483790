"""Turning the cells of an actors' CSV row into model values, or a French reason to reject the row."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from actors.csv_io import MULTI_SEPARATOR, simplify
from actors.models import Organisation
from actors.siret import normalize as normalize_siret
from actors.siret import siret_error
from taxonomy.models import Territory

LEGAL_FORM_SYNONYMS = {
    "association": ["association loi 1901", "association loi 1908", "asso", "association declaree"],
    "scop": [
        "scop sa",
        "scop sarl",
        "scop sas",
        "societe cooperative et participative",
        "societe cooperative ouvriere de production",
        "cae",
        "cooperative d activite et d emploi",
    ],
    "scic": ["scic sa", "scic sarl", "scic sas", "societe cooperative d interet collectif"],
    "cooperative": [
        "societe cooperative",
        "cooperative agricole",
        "sca",
        "cuma",
        "cooperative de consommateurs",
    ],
    "mutuelle": ["mutuelle d assurance", "mutuelle sante"],
    "fondation": ["fondation reconnue d utilite publique", "fonds de dotation"],
    "esus": [
        "entreprise esus",
        "esus",
        "entreprise solidaire d utilite sociale",
        "societe commerciale esus",
    ],
    "aci": [
        "atelier chantier d insertion",
        "chantier d insertion",
        "atelier et chantier d insertion",
    ],
    "ai": ["association intermediaire"],
    "ei": ["entreprise d insertion"],
    "etti": ["entreprise de travail temporaire d insertion"],
    "eiti": ["entreprise d insertion par le travail independant"],
    "siae": ["structure d insertion par l activite economique", "iae"],
    "ptce": ["pole territorial de cooperation economique"],
    "collectivite": ["collectivite", "commune", "epci", "departement", "region"],
}
_LAT_RANGE, _LON_RANGE = Decimal(90), Decimal(180)
_SIX_PLACES = Decimal("0.000001")
_url = URLValidator(schemes=["http", "https"])


class Rejected(Exception):
    """The row cannot be imported; the message says why, in French."""


def words(text: str) -> str:
    return simplify(text).replace("_", " ")


def _legal_form_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, label in Organisation.LegalForm.choices:
        index[words(code)] = code
        index[words(label)] = code
        acronym = re.search(r"\(([^)]+)\)\s*$", label)
        if acronym:
            index[words(acronym.group(1))] = code
            index[words(label[: acronym.start()])] = code
    for code, synonyms in LEGAL_FORM_SYNONYMS.items():
        for synonym in synonyms:
            index.setdefault(words(synonym), code)
    return index


LEGAL_FORMS = _legal_form_index()


def legal_form(value: str) -> str:
    if not value:
        return ""
    code = LEGAL_FORMS.get(words(value))
    if code is None:
        raise Rejected(f"forme juridique inconnue : « {value[:80]} »")
    return code


def siret(value: str) -> str:
    if not value:
        return ""
    error = siret_error(value)
    if error:
        raise Rejected(f"{error} : « {value[:40]} »")
    return normalize_siret(value)


def postal_code(value: str) -> str:
    value = value.replace(" ", "")
    if re.fullmatch(r"\d{4}", value):
        value = "0" + value  # a spreadsheet dropped the leading zero (01000 → 1000)
    if value and not re.fullmatch(r"\d{5}", value):
        raise Rejected(f"code postal invalide : « {value[:20]} »")
    return value


def coordinate(value: str, name: str, limit: Decimal) -> Decimal | None:
    if not value:
        return None
    text = value.replace(" ", "").replace("\u00a0", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise Rejected(
            f"{name} illisible : « {value[:30]} » (attendu : nombre décimal, ex. 43.5567)"
        )
    if not number.is_finite() or not -limit <= number <= limit:
        raise Rejected(f"{name} hors limites : « {value[:30]} »")
    return number.quantize(_SIX_PLACES, rounding=ROUND_HALF_UP)


def position(lat: str, lon: str) -> tuple[Decimal | None, Decimal | None]:
    latitude = coordinate(lat, "latitude", _LAT_RANGE)
    longitude = coordinate(lon, "longitude", _LON_RANGE)
    if (latitude is None) != (longitude is None):
        raise Rejected("latitude et longitude vont ensemble : l'une des deux manque")
    return latitude, longitude


def website(value: str) -> str:
    if not value:
        return ""
    url = value if re.match(r"^[a-z][a-z0-9+.-]*://", value, re.I) else f"https://{value}"
    try:
        _url(url)
    except ValidationError:
        raise Rejected(f"site web invalide : « {value[:80]} »")
    if len(url) > 200:
        raise Rejected("site web trop long (200 caractères au plus)")
    return url


def text(value: str, name: str, max_length: int | None) -> str:
    value = " ".join(value.split()) if max_length else value.strip()
    if max_length and len(value) > max_length:
        raise Rejected(f"{name} trop long ({len(value)} caractères, {max_length} au plus)")
    return value


def many(value: str, name: str, max_length: int) -> list[str]:
    names: dict[str, str] = {}
    for part in value.split(MULTI_SEPARATOR):
        part = " ".join(part.split())
        if len(part) > max_length:
            raise Rejected(f"{name} trop long : « {part[:40]}… » ({max_length} caractères au plus)")
        if part:
            names.setdefault(words(part), part)
    return list(names.values())


def place_name(value: str) -> str:
    """Comparable commune name: 'St-Jean-de-Luz', 'SAINT JEAN DE LUZ' → 'saintjeandeluz'."""
    parts = words(value.replace("œ", "oe").replace("Œ", "OE")).split()
    expand = {"st": "saint", "ste": "sainte", "s": "saint"}
    return "".join(expand.get(p, p) for p in parts)


ARRONDISSEMENT_COMMUNES = [
    (re.compile(r"751\d\d"), "75056"),
    (re.compile(r"6938\d"), "69123"),
    (re.compile(r"132\d\d"), "13055"),
]


class Communes:
    """Every commune of the reference in memory (about 35,000): by INSEE code, by name, by postal code."""

    def __init__(self) -> None:
        self.paths: dict[int, str] = {}
        self.by_code: dict[str, tuple[int, str]] = {}
        self.by_name: dict[str, list[tuple[int, str, str]]] = {}
        self.by_postal: dict[str, list[int]] = {}
        rows = Territory.objects.filter(level=Territory.Level.COMMUNE).values_list(
            "pk", "code", "name", "postal_codes", "path"
        )
        for pk, code, name, postal_codes, path in rows.iterator(chunk_size=5000):
            self.paths[pk] = path
            self.by_code[code] = (pk, name)
            self.by_name.setdefault(place_name(name), []).append((pk, code, postal_codes))
            for postal in filter(None, postal_codes.split(",")):
                self.by_postal.setdefault(postal, []).append(pk)

    def resolve(self, code: str, name: str, postal: str) -> int | None:
        code = code.replace(" ", "").upper()
        if re.fullmatch(r"\d{4}", code):
            code = "0" + code
        if code:
            for pattern, commune in ARRONDISSEMENT_COMMUNES:
                if pattern.fullmatch(code) and code not in self.by_code:
                    code = commune
            found = self.by_code.get(code)
            if found is None:
                raise Rejected(f"commune inconnue : code INSEE « {code[:10]} »")
            if name and place_name(name) != place_name(found[1]):
                raise Rejected(f"le code INSEE {code} désigne {found[1]}, pas « {name[:60]} »")
            return found[0]
        if name:
            candidates = self.by_name.get(place_name(name), [])
            if postal and len(candidates) > 1:
                candidates = [c for c in candidates if postal in c[2].split(",")] or [
                    c for c in candidates if c[1][:2] == postal[:2]
                ]
            if len(candidates) == 1:
                return candidates[0][0]
            if not candidates:
                where = f" (code postal {postal})" if postal else ""
                raise Rejected(f"commune inconnue : « {name[:60]} »{where}")
            raise Rejected(
                f"commune ambiguë : « {name[:60]} » ({len(candidates)} communes de ce nom) : "
                "indiquez le code INSEE ou le code postal"
            )
        if postal:
            pks = self.by_postal.get(postal, [])
            if len(pks) == 1:
                return pks[0]
            raise Rejected(
                f"commune manquante : le code postal {postal} "
                + ("ne correspond à aucune commune" if not pks else f"couvre {len(pks)} communes")
            )
        return None
