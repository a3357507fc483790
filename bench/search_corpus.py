"""Synthetic French corpus for the search benchmark: resources, attached documents and ESS actors.

`generate(n)` yields `n` index documents shaped exactly like search/index_entries.py builds them (pages,
documents with text per page, actors), deterministic for a given seed, compact enough that 100,000 fit
in memory (≈1.2 KB of text each on average). `territories()` gives the synthetic territory tree the
documents refer to (13 regions ⊃ 8 departments ⊃ 6 EPCIs ⊃ 12 communes each).

    .venv/bin/python -m bench.search_corpus 5      # print five documents
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from typing import Any

REGIONS = [
    "Occitanie",
    "Bretagne",
    "Normandie",
    "Grand Est",
    "Hauts-de-France",
    "Île-de-France",
    "Corse",
    "Nouvelle-Aquitaine",
    "Auvergne-Rhône-Alpes",
    "Bourgogne-Franche-Comté",
    "Centre-Val de Loire",
    "Pays de la Loire",
    "Provence-Alpes-Côte d'Azur",
]
TOWN_ROOTS = [
    "Saint-Martin",
    "Villeneuve",
    "Beaumont",
    "Montreuil",
    "Castelnau",
    "Fontaine",
    "Rochefort",
    "Belleville",
    "Champagne",
    "Bourg",
    "Mont",
    "Val",
    "Pont",
    "Roche",
    "Lac",
    "Bois",
    "Clairefontaine",
    "Labastide",
    "Plouër",
    "Kerlan",
    "Sainte-Croix",
    "Aubigny",
    "Marsac",
    "Quimperlé",
    "Castanet",
]
TOWN_SUFFIXES = [
    "",
    "-sur-Loire",
    "-le-Vieux",
    "-en-Forêt",
    "-les-Bains",
    "-d'Armor",
    "-la-Rivière",
    "-du-Lac",
    "-sur-Mer",
    "-de-Gascogne",
    "-lès-Tours",
    "-en-Vexin",
]
THEMES = {
    "alimentation": "Alimentation",
    "reemploi": "Réemploi",
    "insertion": "Insertion",
    "mobilite": "Mobilité",
    "tiers-lieux": "Tiers-lieux",
    "cooperation": "Coopération",
    "innovation-sociale": "Innovation sociale",
    "transition-ecologique": "Transition écologique",
    "reseaux-dacteurs": "Réseaux d'acteurs",
    "strategie-ess": "Stratégie ESS",
    "habitat": "Habitat",
    "culture": "Culture",
}
PAGE_TYPES = ["meetingreportpage", "learningvisitpage", "toolkitpage", "strategypage"]
SUBJECTS = [
    "ressourcerie",
    "tiers-lieu nourricier",
    "épicerie solidaire",
    "recyclerie",
    "atelier vélo",
    "jardin partagé",
    "coopérative d'habitants",
    "monnaie locale",
    "cantine solidaire",
    "garage solidaire",
    "fablab",
    "chantier d'insertion",
    "société coopérative d'intérêt collectif",
    "pôle territorial de coopération",
    "entreprise à but d'emploi",
    "plateforme de mobilité",
    "légumerie",
    "conserverie",
    "friperie solidaire",
    "café associatif",
    "pépinière d'entreprises de l'ESS",
    "groupement d'employeurs",
    "régie de quartier",
    "scop de maraîchage",
    "bricothèque",
    "repair café",
    "matériauthèque",
    "centre social",
    "glanage solidaire",
]
ACRONYMS = [
    "ESS",
    "SCIC",
    "SCOP",
    "PTCE",
    "ACI",
    "SIAE",
    "IAE",
    "EPCI",
    "CRESS",
    "RTES",
    "QPV",
    "ESUS",
]
VERBS = [
    "accompagne",
    "soutient",
    "finance",
    "anime",
    "coordonne",
    "héberge",
    "mobilise",
    "forme",
    "outille",
    "valorise",
    "structure",
    "développe",
    "expérimente",
    "évalue",
    "essaime",
]
OBJECTS = [
    "les porteurs de projets",
    "les acteurs de l'économie sociale et solidaire",
    "les habitants du quartier",
    "les personnes éloignées de l'emploi",
    "les associations locales",
    "les élus et les techniciens",
    "les producteurs locaux",
    "les structures d'insertion par l'activité économique",
    "les jeunes",
    "les collectivités adhérentes",
    "les entreprises du territoire",
    "les bénévoles",
    "les commerces de proximité",
]
CONTEXTS = [
    "dans le cadre de la stratégie ESS",
    "grâce au soutien du conseil départemental",
    "avec la CRESS",
    "en lien avec le RTES",
    "au sein d'un PTCE",
    "avec une SCIC",
    "dans les quartiers prioritaires",
    "sur le territoire de l'EPCI",
    "depuis 2019",
    "avec des financements européens",
    "en milieu rural",
    "pour la transition écologique",
    "aujourd’hui encore",
    "avec l'appui d'une SCOP",
]
OUTCOMES = [
    "Le projet a permis de créer {n} emplois.",
    "La structure emploie {n} salariés en insertion.",
    "{n} tonnes d'objets ont été collectées l'an dernier.",
    "Le budget annuel atteint {n} 000 euros.",
    "{n} participants étaient présents à la rencontre.",
    "Le collectif réunit {n} structures adhérentes.",
    "Les ateliers ont accueilli {n} personnes.",
    "Une étude de faisabilité a été menée sur {n} mois.",
]


def territories() -> list[tuple[str, str, str, str | None]]:
    """(level, code, name, parent key) for every synthetic territory, parents first."""
    rng = random.Random(7)
    out: list[tuple[str, str, str, str | None]] = []
    for r, region in enumerate(REGIONS, start=1):
        region_key = f"region-{r:02d}"
        out.append(("region", f"{r:02d}", region, None))
        for d in range(8):
            code = f"{r:02d}{d}"
            out.append(("department", code, f"Département {region} {d + 1}", region_key))
            for e in range(6):
                epci_code = f"2{code}{e:03d}"
                out.append(
                    (
                        "epci",
                        epci_code,
                        f"Communauté de communes {rng.choice(TOWN_ROOTS)} {e + 1}",
                        f"department-{code}",
                    )
                )
                for c in range(12):
                    town = rng.choice(TOWN_ROOTS) + rng.choice(TOWN_SUFFIXES)
                    out.append(("commune", f"{code}{e}{c:02d}", town, f"epci-{epci_code}"))
    return out


class Generator:
    def __init__(self, seed: int = 42):
        self.rng = random.Random(seed)
        tree = territories()
        parent = {f"{level}-{code}": p for level, code, _, p in tree}
        self.names = {f"{level}-{code}": name for level, code, name, _ in tree}
        self.communes = [f"commune-{code}" for level, code, _, _ in tree if level == "commune"]
        self.ancestors = {}
        for key in self.communes:
            chain, current = [], key
            while current:
                chain.append(current)
                current = parent[current]
            self.ancestors[key] = chain[
                ::-1
            ]  # region first: a prefix of it is a less precise place

    def sentence(self) -> str:
        rng = self.rng
        subject = rng.choice(SUBJECTS)
        text = f"Le projet de {subject} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CONTEXTS)}."
        if rng.random() < 0.5:
            text += " " + rng.choice(OUTCOMES).format(n=rng.randint(2, 90))
        if rng.random() < 0.15:
            text += f" Le sigle {rng.choice(ACRONYMS)} revient souvent dans les échanges."
        return text

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def common(self, n: int) -> dict[str, Any]:
        rng = self.rng
        commune = rng.choice(self.communes)
        year = rng.randint(2012, 2025)
        return {
            "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "year": year,
            "themes": sorted(rng.sample(sorted(THEMES), rng.randint(1, 3))),
            "territories": self.ancestors[commune][: rng.choice([4, 4, 3, 2])]
            if rng.random() < 0.9
            else [],
            "town": self.names[commune],
        }

    def page(self, n: int) -> dict[str, Any]:
        rng, c = self.rng, self.common(n)
        kind = rng.choice(PAGE_TYPES)
        subject = rng.choice(SUBJECTS)
        attached = rng.random() < 0.5
        title = {
            "meetingreportpage": f"Rencontre : {subject} à {c['town']}",
            "learningvisitpage": f"Fiche DPV : la {subject} de {c['town']}",
            "toolkitpage": f"Kit n°{n % 40 + 1} : monter une {subject}",
            "strategypage": f"Stratégie ESS de {c['town']} {c['year']}-{c['year'] + 5}",
        }[kind]
        return {
            "id": f"page:{n}",
            "kind": "page",
            "type": kind,
            "title": title,
            "url": f"/ressources/r-{n}/",
            "filename": None,
            "summary": self.paragraph(1),
            "body": self.paragraph(rng.randint(2, 5)),
            "parts": [],
            "date": c["date"],
            "year": c["year"],
            "themes": c["themes"],
            "territories": c["territories"],
            "documents": [n + 1] if attached else [],
            "attachments": [
                {
                    "id": f"document:{n + 1}",
                    "title": f"Document {n + 1}",
                    "url": f"/documents/{n + 1}/doc-{n + 1}.pdf",
                }
            ]
            if attached
            else [],
        }

    def document(self, n: int) -> dict[str, Any]:
        rng, c = self.rng, self.common(n)
        pages = [
            {"number": i, "text": self.paragraph(rng.randint(2, 4))}
            for i in range(1, rng.randint(2, 7))
        ]
        title = f"{rng.choice(['Compte rendu', 'Diaporama', 'Étude', 'Bilan', 'Guide'])} : {rng.choice(SUBJECTS)}"
        return {
            "id": f"document:{n}",
            "kind": "document",
            "type": "document",
            "title": title,
            "url": f"/documents/{n}/doc-{n}.pdf",
            "filename": f"doc-{n}.pdf",
            "summary": "",
            "body": "",
            "parts": pages,
            "unit": "page",
            "date": c["date"],
            "year": c["year"],
            "themes": c["themes"],
            "territories": c["territories"],
            "documents": [],
            "attached_to": [{"title": f"Ressource {n - 1}", "url": f"/ressources/r-{n - 1}/"}],
        }

    def actor(self, n: int) -> dict[str, Any]:
        rng, c = self.rng, self.common(n)
        subject = rng.choice(SUBJECTS)
        return {
            "id": f"actor:{n}",
            "kind": "actor",
            "type": "actor",
            "title": f"{subject.capitalize()} de {c['town']}",
            "url": f"/acteurs/a-{n}/",
            "filename": None,
            "summary": self.paragraph(1),
            "body": rng.choice(ACRONYMS),
            "parts": [],
            "date": None,
            "year": None,
            "themes": c["themes"],
            "territories": c["territories"],
            "documents": [],
        }


def generate(count: int, seed: int = 42) -> Iterator[dict[str, Any]]:
    """`count` index documents: about 55 % pages, 35 % documents, 10 % actors."""
    gen = Generator(seed)
    for n in range(count):
        roll = gen.rng.random()
        if roll < 0.55:
            yield gen.page(n)
        elif roll < 0.90:
            yield gen.document(n)
        else:
            yield gen.actor(n)


if __name__ == "__main__":
    for doc in generate(int(sys.argv[1]) if len(sys.argv) > 1 else 3):
        print(json.dumps(doc, ensure_ascii=False, indent=1))
