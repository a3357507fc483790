"""Each page type renders what editors entered; previews work for every type."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.test import RequestFactory
from wagtail.rich_text import RichText

from actors.models import Organisation, Person
from resources.models import (
    RESOURCE_TYPES,
    LearningVisitPage,
    MeetingOrganisation,
    MeetingReportPage,
    MeetingSeries,
    MeetingSpeaker,
    ResourcePage,
    ResourceRelatedLink,
    ResourceTerritory,
    StrategyPage,
    ToolkitPage,
)
from taxonomy.models import Territory, Theme
from testing import factories
from testing.factories import add
from tests.helpers.html_accessibility import problems


@pytest.fixture
def places(db):
    region = Territory.objects.create(level="region", code="76", name="Occitanie")
    dept = Territory.objects.create(
        level="department", code="31", name="Haute-Garonne", parent=region
    )
    epci = Territory.objects.create(
        level="epci", code="243100633", name="CA du Sicoval", parent=dept
    )
    town = Territory.objects.create(
        level="commune", code="31446", name="Ramonville-Saint-Agne", parent=epci
    )
    return {"region": region, "dept": dept, "epci": epci, "town": town}


def html_of(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_meeting_report_renders_every_part(client, index, places):
    rtes = Organisation.objects.create(name="RTES", category="network")
    sicoval = Organisation.objects.create(name="Sicoval", category="authority")
    maif = Organisation.objects.create(name="MAIF", category="funder")
    singe = Organisation.objects.create(name="Le 100e Singe")
    person = Person.objects.create(
        name="Catherine Gaven", position="Vice-présidente", organisation=sicoval
    )
    speaker2 = Person.objects.create(name="Aurélie Zussy-Stirer", position="Cheffe de projet ESS")
    club = MeetingSeries.objects.create(name="Club des collectivités pour l'ESS en Occitanie")
    launch = add(
        index,
        MeetingReportPage(
            title="Lancement du club",
            slug="lancement",
            club=club,
            date=date(2023, 6, 8),
            format="visio",
        ),
    )
    sheet_doc = factories.document(
        b"%PDF-1.4 demo", title="Fiche DPV du Centième Singe", filename="fiche.pdf"
    )
    sheet = add(
        index,
        LearningVisitPage(
            title="Fiche DPV Le Centième Singe",
            slug="fiche-singe",
            actor=singe,
            main_document=sheet_doc,
            date=date(2023, 11, 30),
        ),
    )
    deck = factories.document(b"deck", title="Diaporama sur Picojoule", filename="picojoule.pptx")
    meeting = add(
        index,
        MeetingReportPage(
            title="Identifier et mobiliser les acteurs",
            slug="club-2023",
            date=date(2023, 11, 30),
            start_time=time(9, 30),
            end_time=time(16, 30),
            venue="Le Périscope",
            commune=places["town"],
            club=club,
            participants=60,
            summary="Première rencontre en présentiel du club.",
            programme=[
                (
                    "workshop",
                    {
                        "title": "Atelier 1 : impulser un réseau",
                        "questions": ["Pourquoi un réseau ?"],
                        "description": RichText("<p>Déroulé</p>"),
                        "testimonies": [sicoval],
                        "speakers": [speaker2],
                    },
                ),
                (
                    "learning_visit",
                    {
                        "title": "Visite péri-urbaine",
                        "kind": "peri-urbaine",
                        "description": RichText("<p>Ressourcerie</p>"),
                        "structures": [singe],
                    },
                ),
            ],
            synthesis=[
                ("paragraph", RichText("<p>Catherine Gaven a accueilli les participants.</p>")),
                ("heading", "Organisation pratique"),
            ],
            resource_links=[
                ("page", {"label": "La fiche du Centième Singe", "page": sheet}),
                ("document", {"label": "Diaporama sur Picojoule", "document": deck}),
                ("external", {"label": "Le site du RTES", "url": "https://www.rtes.fr/"}),
            ],
        ),
        organisations=[
            MeetingOrganisation(organisation=rtes, role="co_organiser"),
            MeetingOrganisation(organisation=sicoval, role="host"),
            MeetingOrganisation(organisation=maif, role="funder"),
        ],
        speakers=[MeetingSpeaker(person=person, role="Accueil")],
    )
    html = html_of(client, meeting)
    for text in (
        "9h30–16h30",
        "Le Périscope, Ramonville-Saint-Agne",
        "En présentiel",
        "Club des collectivités",
        "Co-organisateur",
        "Accueil",
        "Partenaire financier",
        "Atelier 1 : impulser un réseau",
        "Pourquoi un réseau ?",
        "Aurélie Zussy-Stirer",
        "Visite péri-urbaine",
        "(visite péri-urbaine)",
        "Catherine Gaven</strong>, Vice-présidente",
        "Synthèse des interventions",
        "Organisation pratique",
        "Le site du RTES",
        "Diaporama sur Picojoule",
        "https://www.rtes.fr/",
    ):
        assert text in html, text
    # The previous meeting of the club is found without being chosen; the launch links forward to it.
    assert f'href="{launch.url}"' in html
    assert f'href="{meeting.url}"' in html_of(client, launch)
    # A visited structure links to its published DPV sheet.
    assert f'href="{sheet.url}"' in html
    assert deck in meeting.documents()
    assert problems(html) == []


def test_logos_are_shown_per_role_with_the_organisation_name_as_alt(client, index):
    import io

    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from home.demo.documents import make_logo

    logo = get_image_model()(
        title="logo_cress.png"
    )  # a poor title: the organisation's name is the alt text
    logo.file = ImageFile(io.BytesIO(make_logo("CRESS")), name="logo_cress.png")
    logo.save()
    cress = Organisation.objects.create(name="CRESS Occitanie", logo=logo)
    meeting = add(
        index,
        MeetingReportPage(title="Rencontre", slug="rencontre"),
        organisations=[MeetingOrganisation(organisation=cress, role="co_organiser")],
    )
    html = html_of(client, meeting)
    assert 'alt="CRESS Occitanie"' in html
    assert "<h3>Co-organisateur</h3>" in html
    assert problems(html) == []


def test_learning_visit_sheet(client, index, places):
    actor = Organisation.objects.create(
        name="La Rafistolerie", commune=places["town"], website="https://ex.org/"
    )
    meeting = add(index, MeetingReportPage(title="Rencontre du club", slug="rencontre"))
    pdf = factories.document(
        b"%PDF-1.4 x", title="Fiche DPV la Rafistolerie", filename="rafistolerie.pdf"
    )
    sheet = add(
        index,
        LearningVisitPage(
            title="Fiche DPV la Rafistolerie",
            slug="fiche",
            actor=actor,
            activity="Ressourcerie 3R",
            key_figures=[("figure", {"value": "12", "label": "salariés en insertion"})],
            contact="contact@rafistolerie.example",
            meeting=meeting,
            main_document=pdf,
        ),
        page_territories=[ResourceTerritory(territory=places["town"])],
    )
    sheet.themes.add(Theme.objects.create(name="Réemploi"))
    sheet.save_revision().publish()
    html = html_of(client, sheet)
    for text in (
        "La Rafistolerie",
        "Ramonville-Saint-Agne",
        "Ressourcerie 3R",
        "salariés en insertion",
        "Réemploi",
        "Rencontre du club",
        "Télécharger la fiche DPV",
        pdf.url,
        'href="mailto:contact@rafistolerie.example"',
    ):
        assert text in html, text
    assert problems(html) == []


def test_toolkit_and_strategy(client, index):
    kit = add(
        index,
        ToolkitPage(
            title="Connaître et mobiliser les acteurs",
            slug="kit-4",
            series="Kit du RTES",
            number=4,
            audience="Élus",
        ),
    )
    html = html_of(client, kit)
    assert "Kit du RTES, fiche n°4" in html and "Élus" in html
    assert problems(html) == []
    sicoval = Organisation.objects.create(name="Toulouse Métropole", category="authority")
    strategy = add(
        index,
        StrategyPage(
            title="Stratégie 2021-2026",
            slug="strategie",
            authority=sicoval,
            adopted_on=date(2021, 3, 1),
            period_start=2021,
            period_end=2026,
        ),
    )
    html = html_of(client, strategy)
    assert "2021-2026" in html and "Toulouse Métropole" in html and "1 mars 2021" in html
    assert problems(html) == []


def test_chosen_related_resources_come_first(client, index):
    theme = Theme.objects.create(name="Insertion")
    a = add(index, ToolkitPage(title="Même thème", slug="a"))
    a.themes.add(theme)
    a.save_revision().publish()
    b = add(index, StrategyPage(title="Choisie par l'éditeur", slug="b"))
    page = add(
        index, ToolkitPage(title="Fiche", slug="c"), related_links=[ResourceRelatedLink(resource=b)]
    )
    page.themes.add(theme)
    page.save_revision().publish()
    related = ResourcePage.objects.live().public().related_to(page)
    assert [p.title for p in related] == ["Choisie par l'éditeur", "Même thème"]


@pytest.mark.parametrize("model", RESOURCE_TYPES, ids=lambda m: m.__name__)
def test_preview_of_every_page_type(index, admin_user, model):
    page = model(title=f"Aperçu {model.__name__}", slug="apercu", summary="Résumé")
    index.add_child(instance=page)
    request = RequestFactory().get("/")
    request.user = admin_user
    response = page.make_preview_request(request, page.default_preview_mode)
    assert response.status_code == 200
    assert f"Aperçu {model.__name__}" in response.rendered_content


@pytest.mark.parametrize("model", RESOURCE_TYPES, ids=lambda m: m.__name__)
def test_admin_preview_of_a_page_being_created(client, admin_user, index, model):
    """The admin's preview of a page not saved yet (its related rows only in memory) renders."""
    from django.urls import reverse

    from tests.helpers.admin_forms import form_data, post_data

    client.force_login(admin_user)
    args = ["resources", model._meta.model_name, index.pk]
    data = post_data(
        form_data(client.get(reverse("wagtailadmin_pages:add", args=args)).content.decode()),
        title="Ressource en aperçu",
        slug="ressource-en-apercu",
        summary="Un résumé pour l'aperçu.",
    )
    preview_url = reverse("wagtailadmin_pages:preview_on_add", args=args)
    response = client.post(preview_url, data)
    assert response.json() == {"is_valid": True, "is_available": True}
    html = client.get(preview_url).content.decode()
    assert "Ressource en aperçu" in html and "Un résumé pour l&#x27;aperçu." in html
    assert not model.objects.exists()
