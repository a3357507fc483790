"""The synonym list editors manage in the admin: applied by the next search in both backends, no re-indexing."""

from __future__ import annotations

import html

from django.urls import reverse

from search import synonyms
from search.models import SynonymGroup
from tests.helpers.search_index import ids

URLS = "wagtailsnippets_maillage_search_synonymgroup"


def test_a_group_added_in_the_admin_finds_documents_without_reindexing(admin_client, corpus_index):
    assert (
        ids(corpus_index, "recyclothèque") == []
    )  # also fills the per-process cache the save must clear
    response = admin_client.post(
        reverse(f"{URLS}:add"), {"terms": " recyclothèque ,ressourcerie, recyclothèque"}
    )
    assert response.status_code == 302
    group = SynonymGroup.objects.get(terms__startswith="recyclothèque")
    assert group.terms == "recyclothèque, ressourcerie"
    assert ids(corpus_index, "recyclothèque") == ["page:1"]
    assert ids(corpus_index, "recyclothèques") == [
        "page:1"
    ]  # analysed like any word: plural, accents

    response = admin_client.post(
        reverse(f"{URLS}:edit", args=[group.pk]), {"terms": "recyclothèque, nourricier"}
    )
    assert response.status_code == 302
    assert ids(corpus_index, "recyclothèque") == ["page:2"]

    assert admin_client.post(reverse(f"{URLS}:delete", args=[group.pk])).status_code == 302
    assert ids(corpus_index, "recyclothèque") == []


def test_the_admin_refuses_a_group_that_cannot_work(admin_client, db):
    count = SynonymGroup.objects.count()
    for terms, message in [
        ("recyclothèque", "Indiquez au moins deux termes différents"),
        ("recyclothèque, Recyclothèque ", "Indiquez au moins deux termes différents"),
        (
            "recyclothèque, le, « »",
            "aucun mot cherchable (mots vides ou ponctuation seule) : le, « »",
        ),
    ]:
        response = admin_client.post(reverse(f"{URLS}:add"), {"terms": terms})
        assert response.status_code == 200
        assert message in html.unescape(response.content.decode())
    assert SynonymGroup.objects.count() == count


def test_other_processes_see_a_change_after_the_cache_delay(corpus_index, monkeypatch):
    group = SynonymGroup.objects.create(terms="recyclothèque, ressourcerie")
    assert ids(corpus_index, "recyclothèque") == ["page:1"]
    SynonymGroup.objects.filter(pk=group.pk).update(
        terms="recyclothèque, nourricier"
    )  # no signal: as elsewhere
    assert ids(corpus_index, "recyclothèque") == ["page:1"]  # still cached here
    monkeypatch.setattr(synonyms, "CACHE_SECONDS", 0.0)
    assert ids(corpus_index, "recyclothèque") == ["page:2"]


def test_the_list_starts_as_the_shipped_file(db):
    shipped = synonyms.read_file()
    assert (
        "ess",
        "économie sociale et solidaire",
        "économie sociale",
        "économie solidaire",
    ) in shipped
    assert len(shipped) >= 30
    SynonymGroup.objects.all().delete()
    assert synonyms.seed_from_file() == len(shipped)
    assert synonyms.synonym_groups() == tuple(shipped)
    assert synonyms.seed_from_file() == 0  # never overwrites what editors made of it
    assert SynonymGroup.objects.count() == len(shipped)


def test_editors_are_sent_to_the_admin_list(admin_client, file_synonyms):
    report = admin_client.get(reverse("maillage_search_analytics")).content.decode()
    assert f'href="{reverse(f"{URLS}:list")}"' in report and "synonyms_fr.txt" not in report
    listing = admin_client.get(reverse(f"{URLS}:list")).content.decode()
    for text in (
        "Synonymes de recherche",
        "Termes équivalents",
        "Modifié le",
        "économie sociale et solidaire",
    ):
        assert text in listing
