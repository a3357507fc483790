"""Builds the demo site from the seed (see seed_content). Idempotent: existing objects are reused, and
fields the demo sets are filled on existing pages only where they are still empty."""

from __future__ import annotations

import datetime
import io
import secrets
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from actors.models import Organisation, Person
from home.demo import seed_content as seed
from home.demo.documents import make_logo, make_pdf, make_pptx
from home.demo.information_pages import ensure_information_pages
from home.models import HomePage
from resources.models import (
    LearningVisitPage,
    MeetingOrganisation,
    MeetingReportPage,
    MeetingSeries,
    MeetingSession,
    MeetingSpeaker,
    ResourceActor,
    ResourceDocument,
    ResourceDocumentLink,
    ResourceIndexPage,
    ResourceTerritory,
    StrategyPage,
    ToolkitPage,
)
from taxonomy.models import Territory, Theme

Log = Callable[[str], None]
KIND_MODELS = {"visit": LearningVisitPage, "toolkit": ToolkitPage, "strategy": StrategyPage}


def ensure_admin(log: Log) -> None:
    User = get_user_model()
    if User.objects.filter(is_superuser=True).exists():
        log(
            "Compte administrateur : déjà créé (mot de passe oublié ? `python manage.py changepassword admin`)."
        )
        return
    password = secrets.token_urlsafe(12)
    User.objects.create_superuser("admin", "admin@example.org", password)
    log(
        f"Compte administrateur créé : identifiant « admin », mot de passe « {password} » (affiché une seule fois)."
    )


def territory(key: str) -> Territory:
    found = Territory.from_key(key)
    if found is None:
        raise Territory.DoesNotExist(f"Territoire {key} absent du référentiel.")
    return found


def ensure_territories() -> None:
    for level, code, name, parent_key in seed.TERRITORIES:
        if not Territory.objects.filter(level=level, code=code).exists():
            Territory.objects.create(
                level=level,
                code=code,
                name=name,
                parent=territory(parent_key) if parent_key else None,
            )


def ensure_organisations() -> dict[str, Organisation]:
    themes = {t.name: t for t in Theme.objects.all()}
    out = {}
    for key, (
        name,
        acronym,
        category,
        form,
        commune,
        terr,
        description,
    ) in seed.ORGANISATIONS.items():
        org = Organisation.objects.filter(name=name).first() or Organisation(name=name)
        org.acronym, org.category, org.legal_form = acronym, category, form
        org.description = org.description or description
        org.commune = (
            Territory.objects.filter(level="commune", code=commune).first()
            if commune
            else org.commune
        )
        org.territory = territory(terr) if terr else org.territory
        org.save()
        out[key] = org
    out["centieme_singe"].themes.add(themes["Alimentation"], themes["Tiers-lieux"])
    out["rafistolerie"].themes.add(themes["Réemploi"], themes["Insertion"])
    out["tabliers"].themes.add(themes["Insertion"], themes["Alimentation"])
    out["totocar"].themes.add(themes["Mobilité"])
    out["picojoule"].themes.add(themes["Transition écologique"])
    return out


def ensure_logos(orgs: dict[str, Organisation]) -> None:
    """Stand-in logos (the organisation's name on a plain ground) for the organisations the meeting credits."""
    Image = get_image_model()
    for key in dict.fromkeys(k for k, _ in seed.MEETING_ROLES):
        org = orgs[key]
        if org.logo_id:
            continue
        image = Image(title=f"Logo {org.acronym or org.name} (démonstration)", description=org.name)
        image.file = ImageFile(
            io.BytesIO(make_logo(org.acronym or org.name)), name=f"logo-{org.slug[:60]}.png"
        )
        image.save()
        org.logo = image
        org.save(update_fields=["logo"])


def ensure_club(orgs: dict[str, Organisation]) -> MeetingSeries:
    club, _ = MeetingSeries.objects.get_or_create(
        name=seed.CLUB["name"],
        defaults={
            "description": seed.CLUB["description"],
            "territory": territory(seed.CLUB["territory"]),
        },
    )
    club.coordinators.add(*(orgs[k] for k in seed.CLUB["coordinators"]))
    return club


def ensure_document(title: str, filename: str, content: bytes) -> ResourceDocument:
    document = ResourceDocument.objects.filter(title=title).first()
    if document is None:
        document = ResourceDocument(title=title)
        document.file.save(filename, ContentFile(content), save=False)
        document.save()
    return document


def ensure_home(log: Log) -> HomePage:
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    default = (
        Page.objects.filter(depth=2, slug="home").exclude(content_type__model="homepage").first()
    )
    if default:
        default.slug = "bienvenue-wagtail"
        default.save()
    home = root.add_child(
        instance=HomePage(
            title="Maillage — identifier et mobiliser les acteurs de l'ESS de mon territoire",
            slug="accueil",
            intro="Comptes rendus de rencontres, fiches de visites apprenantes, kits et stratégies territoriales : "
            "les ressources des collectivités engagées pour l'économie sociale et solidaire.",
        )
    )
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = home
        site.hostname, site.port, site.site_name = "localhost", 80, "Maillage"
        site.save()
    else:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Maillage",
        )
    if default:
        default.delete()
    log("Page d'accueil créée.")
    return home


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _child(parent: Page, model, slug: str, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    return page, True


def _fill_missing(page: Page, **fields) -> bool:
    """Sets the fields that are still empty on an existing page; True when something changed."""
    changed = False
    for name, value in fields.items():
        if value not in (None, "") and getattr(page, name) in (None, ""):
            setattr(page, name, value)
            changed = True
    return changed


def _classify(
    page, themes: list[str], territories: list[str], actors: list[Organisation] = ()
) -> None:
    page.themes.set(Theme.objects.filter(name__in=themes))
    page.page_territories = [ResourceTerritory(territory=territory(k)) for k in territories]
    page.page_actors = [ResourceActor(organisation=a) for a in actors]


def load(log: Log = print, with_admin: bool = True) -> None:
    if with_admin:
        ensure_admin(log)
    with transaction.atomic():
        for name in seed.THEMES:
            Theme.objects.get_or_create(name=name)
        ensure_territories()
        orgs = ensure_organisations()
        ensure_logos(orgs)
        club = ensure_club(orgs)
        people = {}
        for name, position, org_key, _ in seed.PEOPLE:
            people[name], _ = Person.objects.update_or_create(
                name=name, defaults={"position": position, "organisation": orgs[org_key]}
            )
        home = ensure_home(log)
        index, created = _child(
            home,
            ResourceIndexPage,
            "ressources",
            title="Ressources",
            intro="Toutes les ressources du réseau : rencontres, fiches, kits et stratégies.",
        )
        if created:
            _publish(index)
        ensure_information_pages(home, log)

    documents = {}
    for spec in seed.RESOURCES:
        fmt, title, pages = spec["document"]
        documents[spec["slug"]] = ensure_document(
            title, f"{spec['slug']}.pdf", make_pdf(title, pages)
        )
    decks = [
        ensure_document(title, f"{title.lower().replace(' ', '-')}.pptx", make_pptx(title, slides))
        for title, slides in seed.DECKS
    ]

    with transaction.atomic():
        launch = _launch_meeting(index, club, orgs)
        pages = {
            spec["slug"]: _resource(index, spec, orgs, documents[spec["slug"]])
            for spec in seed.RESOURCES
        }
        meeting, created = _child(
            index,
            MeetingReportPage,
            seed.MEETING["slug"],
            title=seed.MEETING["title"],
            date=seed.MEETING["date"],
            start_time=seed.MEETING["start_time"],
            end_time=seed.MEETING["end_time"],
            venue=seed.MEETING["venue"],
            commune=territory(seed.MEETING["commune"]),
            participants=seed.MEETING["participants"],
            club=club,
            summary=seed.MEETING["summary"],
            previous_meeting=launch,
            featured=True,
        )
        if created:
            _fill_meeting(meeting, orgs, people, pages, decks)
            _publish(meeting)
        elif _fill_missing(
            meeting, club=club, commune=territory(seed.MEETING["commune"]), previous_meeting=launch
        ):
            _publish(meeting)
        _upcoming_meeting(index, club, orgs)
        for slug in ("fiche-dpv-le-centieme-singe", "fiche-dpv-la-rafistolerie"):
            visit = pages[slug]
            if visit.meeting_id is None:
                visit.meeting = meeting
                _publish(visit)
    log(
        f"Contenu de démonstration prêt : {MeetingReportPage.objects.count()} rencontres, "
        f"{LearningVisitPage.objects.count()} fiches DPV, {ToolkitPage.objects.count()} fiche outil, "
        f"{StrategyPage.objects.count()} stratégies, {ResourceDocument.objects.count()} documents, "
        f"{Organisation.objects.count()} organisations, {Person.objects.count()} personnes."
    )


def _launch_meeting(index: ResourceIndexPage, club: MeetingSeries, orgs: dict) -> MeetingReportPage:
    launch, created = _child(
        index,
        MeetingReportPage,
        "lancement-club-occitanie-2023",
        title="Lancement du club des collectivités pour l'ESS en Occitanie",
        date=seed.date(2023, 6, 8),
        format=MeetingReportPage.Format.ONLINE,
        club=club,
        summary="Lancement en visioconférence du club des collectivités pour l'ESS en "
        "Occitanie, le 8 juin 2023.",
    )
    if created:
        _classify(launch, ["Réseaux d'acteurs"], ["region-76"], [orgs["rtes"], orgs["cress"]])
        launch.organisations = [
            MeetingOrganisation(organisation=orgs[k], role="co_organiser")
            for k in seed.CLUB["coordinators"]
        ]
        _publish(launch)
    elif _fill_missing(launch, club=club):
        _publish(launch)
    return launch


def _upcoming_meeting(
    index: ResourceIndexPage, club: MeetingSeries, orgs: dict
) -> MeetingReportPage:
    """The club's next meeting, five weeks after the demo is loaded, registrations open: `make run` shows the agenda."""
    meeting, created = _child(
        index,
        MeetingReportPage,
        "prochaine-rencontre-club-occitanie",
        title="Prochaine rencontre du club : coopérer avec les acteurs de l'ESS du territoire",
        date=timezone.localdate() + datetime.timedelta(days=35),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(16, 30),
        venue="Halle de la Machine",
        address="3 avenue de l'Aérodrome de Montaudran",
        commune=territory("commune-31555"),
        club=club,
        registration=MeetingReportPage.Registration.OPEN,
        summary="Une journée du club à Toulouse : plénière sur la coopération entre collectivités et acteurs de "
        "l'ESS le matin, deux visites apprenantes au choix l'après-midi.",
    )
    if created:
        _classify(meeting, ["Réseaux d'acteurs"], ["region-76"], [orgs["rtes"], orgs["cress"]])
        meeting.organisations = [
            MeetingOrganisation(organisation=orgs[k], role="co_organiser")
            for k in seed.CLUB["coordinators"]
        ]
        meeting.programme = [
            ("slot", {"time": "9h30", "title": "Accueil café", "description": ""}),
            (
                "slot",
                {
                    "time": "10h00",
                    "title": "Plénière : coopérer avec les acteurs de l'ESS",
                    "description": "Témoignages de collectivités du club et échanges.",
                },
            ),
            ("slot", {"time": "12h30", "title": "Déjeuner", "description": ""}),
            (
                "slot",
                {
                    "time": "14h00",
                    "title": "Visites apprenantes au choix",
                    "description": "Deux visites de 15 personnes : inscrivez-vous à l'une d'elles.",
                },
            ),
        ]
        meeting.sessions = [
            MeetingSession(
                title="Recyclerie du quartier",
                kind="visite",
                start_time=datetime.time(14),
                end_time=datetime.time(16),
                capacity=15,
            ),
            MeetingSession(
                title="Tiers-lieu alimentaire",
                kind="visite",
                start_time=datetime.time(14),
                end_time=datetime.time(16),
                capacity=15,
            ),
        ]
        _publish(meeting)
    return meeting


def _resource(index: ResourceIndexPage, spec: dict, orgs: dict, document: ResourceDocument):
    model = KIND_MODELS[spec["kind"]]
    fields = {
        "title": spec["title"],
        "summary": spec["summary"],
        "date": seed.MEETING["date"],
        "main_document": document,
    }
    if spec["kind"] == "visit":
        fields.update(actor=orgs[spec["actor"]], activity=spec["activity"])
    elif spec["kind"] == "toolkit":
        fields.update(
            series=spec["series"], number=spec["number"], audience=spec.get("audience", "")
        )
    else:
        fields.update(authority=orgs[spec["authority"]], adopted_on=spec.get("adopted_on"))
        if spec.get("period"):
            fields.update(period_start=spec["period"][0], period_end=spec["period"][1])
    page, created = _child(index, model, spec["slug"], **fields)
    if created:
        actors = [orgs[spec[k]] for k in ("actor", "authority") if k in spec]
        _classify(page, spec["themes"], spec["territories"], actors)
        _publish(page)
    elif _fill_missing(page, main_document=document):
        page.attached_documents = [
            link for link in page.attached_documents.all() if link.document_id != document.pk
        ]
        _publish(page)
    return page


def _fill_meeting(meeting, orgs, people, pages, decks) -> None:
    meeting.body = [("paragraph", RichText("".join(f"<p>{p}</p>" for p in seed.MEETING["intro"])))]
    programme = []
    for visit in seed.VISITS:
        programme.append(
            (
                "learning_visit",
                {
                    "title": visit["title"],
                    "kind": visit["kind"],
                    "description": RichText(f"<p>{visit['description']}</p>"),
                    "structures": [orgs[k] for k in visit["structures"]],
                },
            )
        )
    for workshop in seed.WORKSHOPS:
        programme.append(
            (
                "workshop",
                {
                    "title": workshop["title"],
                    "questions": workshop["questions"],
                    "description": RichText(f"<p>{workshop['description']}</p>"),
                    "testimonies": [orgs[k] for k in workshop["testimonies"]],
                    "speakers": [people[name] for name in workshop["speakers"]],
                },
            )
        )
    meeting.programme = programme
    synthesis = [("paragraph", RichText(f"<p>{text}</p>")) for _, text in seed.SYNTHESIS]
    synthesis.append(("quote", {"text": seed.QUOTE[0], "source": seed.QUOTE[1]}))
    synthesis.append(("heading", "Organisation pratique"))
    synthesis += [("paragraph", RichText(f"<p>{text}</p>")) for text in seed.PRACTICAL]
    meeting.synthesis = synthesis
    meeting.resource_links = [
        (
            "page",
            {
                "label": "Fiche n°4 du kit du RTES : « Connaître et mobiliser les acteurs de mon territoire »",
                "page": pages["kit-rtes-fiche-4-connaitre-mobiliser-acteurs"],
            },
        ),
        ("page", {"label": "Stratégie ESS du Sicoval", "page": pages["strategie-ess-du-sicoval"]}),
        (
            "page",
            {"label": "Fiche DPV Le Centième Singe", "page": pages["fiche-dpv-le-centieme-singe"]},
        ),
        (
            "page",
            {"label": "Fiche DPV la Rafistolerie", "page": pages["fiche-dpv-la-rafistolerie"]},
        ),
        ("document", {"label": "Diaporama sur Picojoule", "document": decks[0]}),
        ("document", {"label": "Diaporama sur le Fabriquet", "document": decks[1]}),
        (
            "page",
            {
                "label": "Stratégie Toulouse Métropole Impact 2021-2026",
                "page": pages["strategie-toulouse-metropole-impact-2021-2026"],
            },
        ),
    ]
    meeting.organisations = [
        MeetingOrganisation(organisation=orgs[k], role=r) for k, r in seed.MEETING_ROLES
    ]
    meeting.speakers = [
        MeetingSpeaker(person=people[name], role=role) for name, _, _, role in seed.PEOPLE
    ]
    meeting.attached_documents = [ResourceDocumentLink(document=d) for d in decks]
    actors = [
        orgs[k]
        for k in (
            "periscope",
            "ateliers31",
            "picojoule",
            "fabriquet",
            "collectif_la_maison",
            "rafistolerie",
            "centieme_singe",
            "co_mains",
            "totocar",
            "tabliers",
        )
    ]
    _classify(meeting, seed.MEETING["themes"], seed.MEETING["territories"], actors)
