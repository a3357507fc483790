"""Search meets people halfway: a theme's name finds what is tagged with it, a typo in a word found only
inside a document is corrected, and a query that finds nothing runs its correction automatically."""

from __future__ import annotations

import pytest
from wagtail.models import Collection, CollectionViewRestriction

from actors.models import Organisation
from search.indexing import rebuild
from taxonomy.models import Theme
from testing import factories
from tests.helpers.sample_site import document_with_text
from tests.helpers.waiting import wait_for


def api(client, **params) -> dict:
    response = client.get("/api/search/", params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


@pytest.fixture
def site(db, search_backend, media_root):
    index = factories.site_tree()
    reemploi = Theme.objects.create(name="Réemploi")
    dpv = factories.meeting(
        index,
        "Visite d'une ressourcerie",
        summary="Une visite apprenante.",
        venue="Atelier de couture de Toulouse",
    )
    dpv.themes.set([reemploi])
    dpv.save_revision().publish()
    actor = Organisation.objects.create(
        name="Les Tabliers Solidaires", description="Couture d'insertion."
    )
    actor.themes.set([reemploi])
    document = document_with_text(
        "Bilan hivernal", ["Le déneigement des trottoirs par les habitants."]
    )
    factories.meeting(index, "Rencontre sur l'hiver", documents=[document])
    secret = Collection.get_first_root_node().add_child(name="Interne")
    CollectionViewRestriction.objects.create(
        collection=secret, restriction_type="password", password="x"
    )
    document_with_text("Note interne", ["Le xylophagisme des poutres."], collection=secret)
    rebuild()
    return {"page": dpv, "actor": actor, "theme": reemploi}


def test_a_theme_name_finds_what_is_tagged_with_it(client, site):
    titles = {r["title"] for r in api(client, q="réemploi")["results"]}
    assert titles == {"Visite d'une ressourcerie", "Les Tabliers Solidaires"}
    assert {r["title"] for r in api(client, q="reemploi")["results"]} == titles  # accents optional


def test_theme_names_are_searched_but_never_quoted(client, site):
    """Theme names are not the page's text: no passage quotes them (they were glued to it and highlighted)."""
    for q in ("réemploi", "couture réemploi", "Tabliers réemploi"):
        results = api(client, q=q)["results"]
        assert results, q
        for result in results:
            quoted = " ".join(h["text"] for h in result["highlights"])
            assert "mploi" not in quoted, (q, result["title"], quoted)
    found = {r["title"]: r for r in api(client, q="couture réemploi")["results"]}
    assert set(found) == {"Visite d'une ressourcerie", "Les Tabliers Solidaires"}
    page = found["Visite d'une ressourcerie"]
    assert [h["text"] for h in page["highlights"]] == [
        "Atelier de <mark>couture</mark> de Toulouse"
    ]
    html = client.get("/recherche/", {"q": "réemploi"}).content.decode()
    assert "Visite d&#x27;une ressourcerie" in html or "Visite d'une ressourcerie" in html
    assert "<mark>Réemploi</mark>" not in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # a worker sees committed data
def test_renaming_a_theme_reindexes_what_is_tagged(
    client, site, task_worker, django_capture_on_commit_callbacks
):
    site["theme"].name = "Seconde main"
    with django_capture_on_commit_callbacks(execute=True):
        site["theme"].save()
    expected = {"Visite d'une ressourcerie", "Les Tabliers Solidaires"}
    wait_for(
        lambda: {r["title"] for r in api(client, q="seconde main")["results"]} == expected,
        message="re-indexing after the rename",
        log=task_worker,
    )
    assert api(client, q="réemploi")["count"] == 0


def test_a_query_without_results_runs_its_correction(client, site):
    data = api(client, q="deneigment")  # a typo of a word found only inside a document
    assert data["corrected_from"] == "deneigment" and data["query"] == "déneigement"
    assert [r["title"] for r in data["results"]] == ["Bilan hivernal"]
    assert data["results"][0]["highlights"][0]["page"] == 1
    typed = api(client, q="deneigment", exact="1")
    assert (
        typed["count"] == 0
        and typed["corrected_from"] is None
        and typed["suggestion"] == "déneigement"
    )


def test_the_search_page_says_what_it_corrected(client, site):
    text = client.get("/recherche/", {"q": "deneigment"}).content.decode()
    assert (
        "Aucun résultat pour « deneigment »" in text
        and "Résultats pour « <strong>déneigement</strong> »" in text
    )
    assert 'href="?q=deneigment&amp;exact=1"' in text and "Bilan hivernal" in text
    # An alert or a feed taken from this page follows what it shows, the corrected words.
    assert '<input type="hidden" name="recherche" value="q=d%C3%A9neigement">' in text
    assert (
        'title="Flux Atom de cette recherche" href="/recherche/flux.atom?q=d%C3%A9neigement"'
        in text
    )
    # The words as typed (?exact=1) are followed as typed.
    text = client.get("/recherche/", {"q": "deneigment", "exact": "1"}).content.decode()
    assert '<input type="hidden" name="recherche" value="q=deneigment">' in text


def test_corrections_never_come_from_private_documents(client, site):
    data = api(client, q="xylophagisne")
    assert data["count"] == 0 and data["corrected_from"] is None and data["suggestion"] is None


def test_the_notice_links_keep_the_filters_and_the_sort(client, site):
    # Corrected within a theme: « rechercher plutôt » the typed words stays in that theme, sorted the same way.
    params = {"q": "ressourcerei", "theme": "reemploi", "tri": "date"}
    html = client.get("/recherche/", params).content.decode()
    assert (
        "Résultats pour « <strong>ressourcerie</strong> »" in html
        and "Visite d&#x27;une ressourcerie" in html
    )
    assert 'href="?q=ressourcerei&amp;theme=reemploi&amp;tri=date&amp;exact=1"' in html
    # As typed (?exact=1): the suggestion keeps the theme and the sort too, and applying filters keeps ?exact=1.
    html = client.get("/recherche/", {**params, "exact": "1"}).content.decode()
    assert (
        'Vouliez-vous dire : <a href="?q=ressourcerie&amp;theme=reemploi&amp;tri=date">ressourcerie</a>'
        in html
    )
    assert '<input type="hidden" name="exact" value="1">' in html
    assert '<a href="?q=ressourcerei&amp;exact=1">Retirer tous les filtres</a>' in html


def test_a_correction_keeps_quotes_and_exclusions(client, site):
    # The excluded word stays excluded: corrected, the query finds nothing, so nothing is corrected.
    data = api(client, q="deneigment -trottoirs")
    assert (
        data["corrected_from"] is None
        and data["count"] == 0
        and data["query"] == "deneigment -trottoirs"
    )
    data = api(client, q='"deneigment des trottoirs" -hiver')
    assert data["corrected_from"] == '"deneigment des trottoirs" -hiver'
    assert data["query"] == '"déneigement des trottoirs" -hiver' and data["count"] == 1
