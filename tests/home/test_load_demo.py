"""`load_demo` builds, from the seed, every organisation, person, role, visit and resource the seed names."""

from __future__ import annotations

import re
from datetime import date, time

from django.core.management import call_command

from actors.models import Organisation, Person
from home.demo import seed_content as seed
from resources.models import (
    LearningVisitPage,
    MeetingReportPage,
    MeetingSeries,
    ResourceDocument,
    ResourcePage,
    StrategyPage,
    ToolkitPage,
)
from testing import factories
from tests.helpers.html_accessibility import problems

SEED_ORGANISATIONS = [
    "Réseau des collectivités Territoriales pour une Economie Solidaire",
    "Chambre Régionale de l'Economie Sociale et Solidaire d'Occitanie",
    "Communauté d'Agglomération du Sicoval",
    "Conseil Départemental de la Haute-Garonne",
    "Ville de Ramonville Saint-Agne",
    "Toulouse Métropole",
    "Mutualité Française Occitanie",
    "MAIF",
    "Le Périscope",
    "Ateliers 31",
    "FabLab Le F@bRiquet",
    "Collectif La Maison",
    "Picojoule",
    "La Rafistolerie",
    "Le 100e Singe",
    "Le Co-Mains",
    "Totocar",
    "Les Tabliers Solidaires",
    "URSCOP",
    "ies",
    "La Maison de l'Initiative",
]
SEED_PEOPLE = [
    "André Ducournau",
    "Catherine Gaven",
    "Isabelle Hardy",
    "Philippe Piqué",
    "Nicole Miquel-Belaud",
    "Jacques Oberti",
    "Aurélie Zussy-Stirer",
]


def test_meeting_is_complete(demo):
    meeting = demo
    assert meeting.live and meeting.featured
    assert (meeting.date, meeting.start_time, meeting.end_time) == (
        date(2023, 11, 30),
        time(9, 30),
        time(16, 30),
    )
    assert (meeting.venue, meeting.commune.name, meeting.format) == (
        "Le Périscope",
        "Ramonville-Saint-Agne",
        "presentiel",
    )
    assert meeting.participants == 60
    assert meeting.club.name == "Club des collectivités pour l'ESS en Occitanie"
    assert {o.acronym for o in meeting.club.coordinators.all()} == {"RTES", "CRESS Occitanie"}
    launch = meeting.get_previous_meeting()
    assert launch.date == date(2023, 6, 8) and launch.format == "visio"
    assert launch.get_next_meeting().pk == meeting.pk

    roles = {(link.organisation.name, link.role) for link in meeting.organisations.all()}
    assert roles == {
        ("Réseau des collectivités Territoriales pour une Economie Solidaire", "co_organiser"),
        ("Chambre Régionale de l'Economie Sociale et Solidaire d'Occitanie", "co_organiser"),
        ("Communauté d'Agglomération du Sicoval", "host"),
        ("Conseil Départemental de la Haute-Garonne", "supporter"),
        ("Mutualité Française Occitanie", "funder"),
        ("MAIF", "funder"),
    }
    assert all(link.organisation.logo for link in meeting.organisations.all())
    assert [s.person.name for s in meeting.speakers.all()] == SEED_PEOPLE

    programme = {block.block_type: [] for block in meeting.programme}
    for block in meeting.programme:
        programme[block.block_type].append(block.value)
    visits = programme["learning_visit"]
    assert [[o.name for o in v["structures"]] for v in visits] == [
        ["Ateliers 31", "FabLab Le F@bRiquet", "Collectif La Maison", "Picojoule"],
        ["La Rafistolerie", "Le 100e Singe"],
    ]
    workshops = programme["workshop"]
    assert len(workshops) == 2 and all(w["questions"] for w in workshops)
    assert [p.name for p in workshops[1]["speakers"]] == ["Aurélie Zussy-Stirer"]
    assert {o.name for o in workshops[1]["testimonies"]} == {"Toulouse Métropole", "Le Co-Mains"}

    synthesis = " ".join(str(b.value) for b in meeting.synthesis)
    for name in (
        "Philippe Piqué",
        "André Ducournau",
        "Nicole Miquel Belaud",
        "Catherine Gaven",
        "Jacques Oberti",
        "Isabelle Hardy",
        "Bernard Maris",
        "Totocar",
        "Tabliers Solidaires",
    ):
        assert name in synthesis, name

    labels = [block.value["label"] for block in meeting.resource_links]
    assert labels == [
        "Fiche n°4 du kit du RTES : « Connaître et mobiliser les acteurs de mon territoire »",
        "Stratégie ESS du Sicoval",
        "Fiche DPV Le Centième Singe",
        "Fiche DPV la Rafistolerie",
        "Diaporama sur Picojoule",
        "Diaporama sur le Fabriquet",
        "Stratégie Toulouse Métropole Impact 2021-2026",
    ]


def test_everyone_and_every_resource_the_seed_names(demo):
    names = set(Organisation.objects.values_list("name", flat=True))
    assert set(SEED_ORGANISATIONS) <= names
    assert set(SEED_PEOPLE) <= set(Person.objects.values_list("name", flat=True))
    assert Person.objects.get(name="Isabelle Hardy").organisation.acronym == "CD31"

    sheets = {p.title: p for p in LearningVisitPage.objects.live()}
    assert set(sheets) == {"Fiche DPV Le Centième Singe", "Fiche DPV la Rafistolerie"}
    for sheet in sheets.values():
        assert (
            sheet.meeting_id == demo.pk
            and sheet.actor
            and sheet.main_document
            and sheet.territories()
        )
        assert sheet.themes.exists()
    kit = ToolkitPage.objects.get()
    assert (kit.reference, kit.main_document.title) == (
        "Kit du RTES, fiche n°4",
        "Fiche n°4 du kit du RTES : Connaître et mobiliser les acteurs de mon territoire",
    )
    strategies = {s.title: s for s in StrategyPage.objects.all()}
    assert strategies["Stratégie ESS du Sicoval"].authority.acronym == "Sicoval"
    assert strategies["Stratégie ESS du Sicoval"].adopted_on == date(2023, 11, 15)
    assert strategies["Stratégie Toulouse Métropole Impact 2021-2026"].period == "2021-2026"
    assert {d.title for d in ResourceDocument.objects.all()} >= {
        "Diaporama sur Picojoule",
        "Diaporama sur le Fabriquet",
    }
    assert not ResourcePage.objects.filter(live=False).exists()


def test_load_demo_twice_changes_nothing(demo):
    counts = [
        M.objects.count()
        for M in (Organisation, Person, ResourcePage, ResourceDocument, MeetingSeries)
    ]
    call_command("load_demo", "--no-admin", stdout=open("/dev/null", "w"))
    assert [
        M.objects.count()
        for M in (Organisation, Person, ResourcePage, ResourceDocument, MeetingSeries)
    ] == counts
    assert MeetingReportPage.objects.get(pk=demo.pk).organisations.count() == len(
        seed.MEETING_ROLES
    )


def test_every_demo_page_passes_the_accessibility_rules(client, demo):
    from wagtail.models import Page

    assert Page.objects.live().public().filter(depth__gte=2).count() == 10  # legal pages are drafts
    factories.complete_information_pages()
    pages = Page.objects.live().public().filter(depth__gte=2)
    assert (
        pages.count() == 14
    )  # home, listing, 3 meetings (one upcoming), 2 sheets, 1 kit, 2 strategies, 4 information
    upcoming = MeetingReportPage.upcoming()
    assert [m.registration for m in upcoming] == ["open"] and upcoming[0].sessions.count() == 2
    for page in pages:
        html = client.get(page.url).content.decode()
        assert problems(html) == [], page.url
        # Pages work without JavaScript: the only script is the optional, deferred search autocomplete (the
        # JSON-LD block is data, not a script), and the map of an upcoming meeting's place.
        scripts = [
            s
            for s in re.findall(r"<script[^>]*>", html)
            if s != '<script type="application/ld+json">'
        ]
        map_scripts = (
            [
                '<script src="/static/actors/leaflet/leaflet.js" defer>',
                '<script src="/static/actors/map.js" defer>',
            ]
            if (page.pk == upcoming[0].pk and upcoming[0].commune.latitude is not None)
            else []
        )
        assert scripts == [*map_scripts, '<script src="/static/search/autocomplete.js" defer>'], (
            page.url,
            scripts,
        )
