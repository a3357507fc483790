"""French labels of the register's codes: legal families, sectors (NAF sections) and size bands.

Sources, all INSEE:
- legal families from the « catégories juridiques » (nomenclature at level III, 4 digits, 2022 edition): 92xx
  associations, 9300 foundations, the mutual societies (8210, 8250, 8290, 6411-6414), the cooperative companies
  (SARL, SA and civil cooperatives, SCOP, agricultural cooperatives and their unions), and the other companies
  of the ESS flagged by INSEE (any other 5xxx category: « entreprise commerciale de l'ESS », loi du 31 juillet
  2014, article 1) ;
- sectors from the sections of the NAF rév. 2 (2008, 21 sections A to U, by division) and, where only the new
  column is filled, of the NAF 2025 (22 sections A to V, divisions of the NACE rév. 2.1) ;
- size bands from the « tranches d'effectif salarié » of the Sirene variables (trancheEffectifs…).
"""

from __future__ import annotations

FAMILIES: dict[str, str] = {
    "association": "Association",
    "cooperative": "Coopérative",
    "mutuelle": "Mutuelle",
    "fondation": "Fondation",
    "entreprise_ess": "Entreprise commerciale de l'ESS",
    "autre": "Autre forme juridique",
}

COOPERATIVE_CATEGORIES = frozenset(
    {
        "5443",
        "5451",
        "5453",
        "5454",
        "5455",
        "5458",
        "5459",
        "5460",  # SARL coopératives, SCOP
        "5551",
        "5552",
        "5553",
        "5554",
        "5555",
        "5558",
        "5559",
        "5560",  # SA coopératives à conseil d'administration
        "5651",
        "5652",
        "5653",
        "5654",
        "5655",
        "5658",
        "5659",
        "5660",  # SA coopératives à directoire
        "6316",
        "6317",
        "6318",  # CUMA, coopératives agricoles et leurs unions
        "6533",
        "6558",  # sociétés civiles coopératives
    }
)
MUTUAL_CATEGORIES = frozenset({"8210", "8250", "8290", "6411", "6412", "6413", "6414"})


def family(legal_category: str) -> str:
    """The legal family (a key of FAMILIES) of an INSEE legal category ("9220" → "association")."""
    code = (legal_category or "").strip()
    if code.startswith("92"):
        return "association"
    if code == "9300":
        return "fondation"
    if code in MUTUAL_CATEGORIES:
        return "mutuelle"
    if code in COOPERATIVE_CATEGORIES:
        return "cooperative"
    if code.startswith("5"):
        return "entreprise_ess"
    return "autre"


# The legal form of the directory (Organisation.LegalForm) given to an establishment the register creates.
FAMILY_LEGAL_FORM = {
    "association": "association",
    "cooperative": "cooperative",
    "mutuelle": "mutuelle",
    "fondation": "fondation",
}

NAF2_SECTIONS: tuple[tuple[str, int, int, str], ...] = (
    ("A", 1, 3, "Agriculture, sylviculture et pêche"),
    ("B", 5, 9, "Industries extractives"),
    ("C", 10, 33, "Industrie manufacturière"),
    (
        "D",
        35,
        35,
        "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné",
    ),
    (
        "E",
        36,
        39,
        "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution",
    ),
    ("F", 41, 43, "Construction"),
    ("G", 45, 47, "Commerce ; réparation d'automobiles et de motocycles"),
    ("H", 49, 53, "Transports et entreposage"),
    ("I", 55, 56, "Hébergement et restauration"),
    ("J", 58, 63, "Information et communication"),
    ("K", 64, 66, "Activités financières et d'assurance"),
    ("L", 68, 68, "Activités immobilières"),
    ("M", 69, 75, "Activités spécialisées, scientifiques et techniques"),
    ("N", 77, 82, "Activités de services administratifs et de soutien"),
    ("O", 84, 84, "Administration publique"),
    ("P", 85, 85, "Enseignement"),
    ("Q", 86, 88, "Santé humaine et action sociale"),
    ("R", 90, 93, "Arts, spectacles et activités récréatives"),
    ("S", 94, 96, "Autres activités de services"),
    (
        "T",
        97,
        98,
        "Activités des ménages en tant qu'employeurs ; activités indifférenciées des ménages",
    ),
    ("U", 99, 99, "Activités extra-territoriales"),
)
NAF2025_SECTIONS: tuple[tuple[str, int, int, str], ...] = (
    ("A", 1, 3, "Agriculture, sylviculture et pêche"),
    ("B", 5, 9, "Industries extractives"),
    ("C", 10, 33, "Industrie manufacturière"),
    (
        "D",
        35,
        35,
        "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné",
    ),
    (
        "E",
        36,
        39,
        "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution",
    ),
    ("F", 41, 43, "Construction"),
    ("G", 46, 47, "Commerce de gros et de détail"),
    ("H", 49, 53, "Transports et entreposage"),
    ("I", 55, 56, "Hébergement et restauration"),
    ("J", 58, 60, "Édition, diffusion et production de contenus"),
    (
        "K",
        61,
        63,
        "Télécommunications, programmation informatique, conseil et infrastructures informatiques",
    ),
    ("L", 64, 66, "Activités financières et d'assurance"),
    ("M", 68, 68, "Activités immobilières"),
    ("N", 69, 75, "Activités spécialisées, scientifiques et techniques"),
    ("O", 77, 82, "Activités de services administratifs et de soutien"),
    ("P", 84, 84, "Administration publique"),
    ("Q", 85, 85, "Enseignement"),
    ("R", 86, 88, "Santé humaine et action sociale"),
    ("S", 90, 93, "Arts, sports et activités récréatives"),
    ("T", 94, 96, "Autres activités de services"),
    (
        "U",
        97,
        98,
        "Activités des ménages en tant qu'employeurs ; activités indifférenciées des ménages",
    ),
    ("V", 99, 99, "Activités extra-territoriales"),
)

# Sector keys: the NAF rév. 2 section letter ("Q"), or "naf25-<letter>" when only a NAF 2025 code is known.
SECTORS: dict[str, str] = {
    **{letter: label for letter, _, _, label in NAF2_SECTIONS},
    **{f"naf25-{letter}": f"{label} (NAF 2025)" for letter, _, _, label in NAF2025_SECTIONS},
    "": "Activité non renseignée",
}


def _section(code: str, table) -> str:
    digits = (code or "").strip()[:2]
    if not digits.isdigit():
        return ""
    division = int(digits)
    for letter, low, high, _ in table:
        if low <= division <= high:
            return letter
    return ""


def sector(naf_rev2: str, naf_2025: str = "") -> str:
    """The sector key of an activity: its NAF rév. 2 section ("88.99B" → "Q"), else its NAF 2025 section."""
    if letter := _section(naf_rev2, NAF2_SECTIONS):
        return letter
    if letter := _section(naf_2025, NAF2025_SECTIONS):
        return f"naf25-{letter}"
    return ""


SIZE_BANDS: dict[str, str] = {
    "NN": "Sans salarié déclaré",
    "00": "0 salarié",
    "01": "1 ou 2 salariés",
    "02": "3 à 5 salariés",
    "03": "6 à 9 salariés",
    "11": "10 à 19 salariés",
    "12": "20 à 49 salariés",
    "21": "50 à 99 salariés",
    "22": "100 à 199 salariés",
    "31": "200 à 249 salariés",
    "32": "250 à 499 salariés",
    "41": "500 à 999 salariés",
    "42": "1 000 à 1 999 salariés",
    "51": "2 000 à 4 999 salariés",
    "52": "5 000 à 9 999 salariés",
    "53": "10 000 salariés et plus",
    "": "Effectif non renseigné",
}


def size_band(code: str) -> str:
    """A known size band code, else "" (unknown)."""
    code = (code or "").strip()
    return code if code in SIZE_BANDS else ""
