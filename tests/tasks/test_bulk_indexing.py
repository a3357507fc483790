"""The bulk index task used after imports indexes what is public and removes what is not."""

import pytest

from actors.models import Organisation
from search.indexing import index_many
from search.tasks import index_objects


@pytest.mark.django_db
def test_index_objects_task_indexes_actors_in_bulk(search_backend, client):
    pks = [Organisation.objects.create(name=f"Coopérative d'essai {i}").pk for i in range(5)]
    assert index_objects.apply(args=["actor", pks]).get() == 5
    results = client.get("/api/search/", {"q": "coopérative essai"}).json()
    assert results["count"] == 5
    Organisation.objects.filter(pk=pks[0]).delete()
    assert index_many("actor", pks) == 4
    assert client.get("/api/search/", {"q": "coopérative essai"}).json()["count"] == 4
