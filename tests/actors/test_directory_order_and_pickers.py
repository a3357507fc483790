"""The directory sorts names as French readers do and offers only territories in use."""

from __future__ import annotations

import io

from django.urls import reverse
from django.utils.html import escape

from actors.importer import import_actors
from actors.models import Organisation, sort_key
from actors.views import territory_choices
from taxonomy.models import Territory
from testing import factories

NAMES = [
    "Zèbre solidaire",
    "atelier du coin",
    "Élan commun",
    "Banque alimentaire",
    "« Ecume » recyclerie",
    "Eco-lieu",
]


def test_sort_key_folds_accents_case_and_punctuation():
    assert sort_key("Élan commun") == "elan commun"
    assert sort_key("« Écume » recyclerie") == "ecume recyclerie"
    assert sort_key("atelier") < sort_key("Banque") < sort_key("Élan") < sort_key("Zèbre")


def test_directory_lists_names_in_french_order(client, db):
    for name in NAMES[:4]:
        Organisation.objects.create(name=name)
    csv = "nom\n« Ecume » recyclerie\nEco-lieu\n"
    import_actors(io.BytesIO(csv.encode()), index=False)  # the bulk import path keeps the order too
    assert Organisation.objects.get(name="Eco-lieu").sort_name == "eco lieu"
    expected = [
        "atelier du coin",
        "Banque alimentaire",
        "Eco-lieu",
        "« Ecume » recyclerie",
        "Élan commun",
        "Zèbre solidaire",
    ]
    assert [o.name for o in Organisation.objects.all()] == expected
    text = client.get(reverse("actors:directory")).content.decode()
    positions = [text.index(str(escape(name))) for name in expected]
    assert positions == sorted(positions)
    renamed = Organisation.objects.get(name="Zèbre solidaire")
    renamed.name = "Abeille solidaire"
    renamed.save(update_fields=["name"])
    assert Organisation.objects.first().name == "Abeille solidaire"


def test_pickers_offer_only_territories_with_an_actor_or_a_public_resource(client, db):
    occitanie = Territory.objects.create(level="region", code="76", name="Occitanie")
    haute_garonne = Territory.objects.create(
        level="department", code="31", name="Haute-Garonne", parent=occitanie
    )
    herault = Territory.objects.create(
        level="department", code="34", name="Hérault", parent=occitanie
    )
    Territory.objects.create(level="department", code="09", name="Ariège", parent=occitanie)
    Territory.objects.create(level="region", code="84", name="Auvergne-Rhône-Alpes")
    commune = Territory.objects.create(
        level="commune", code="31446", name="Ramonville-Saint-Agne", parent=haute_garonne
    )

    def offered() -> dict[str, list[str]]:
        return {
            region.name: [d.name for d in departments]
            for region, departments in territory_choices()
        }

    assert offered() == {}
    Organisation.objects.create(name="Recyclerie", commune=commune)
    assert offered() == {"Occitanie": ["Haute-Garonne"]}

    index = factories.site_tree()
    draft = factories.meeting(index, "Rencontre à venir", territories=[herault], publish=False)
    assert offered() == {"Occitanie": ["Haute-Garonne"]}
    draft.save_revision().publish()
    assert offered() == {"Occitanie": ["Haute-Garonne", "Hérault"]}
    text = client.get(reverse("actors:directory")).content.decode()
    assert 'value="department-34"' in text and "Ariège" not in text and "Auvergne" not in text
