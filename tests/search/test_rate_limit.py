"""The public search page and its feed are rate-limited per client address, as /api/ is: 429 in French."""

from __future__ import annotations

from django.core.cache import caches


def test_search_page_and_feed_answer_429_past_their_limit(client, db, search_backend, settings):
    settings.MAILLAGE_SEARCH_RATE_LIMIT = (4, 60)
    caches["ratelimit"].clear()
    statuses = [client.get("/recherche/", {"q": f"glanage {i}"}).status_code for i in range(4)]
    assert statuses == [200] * 4
    page = client.get("/recherche/", {"q": "ressourcerie"})
    assert page.status_code == 429 and 1 <= int(page["Retry-After"]) <= 61
    html = page.content.decode()
    assert (
        "Trop de requêtes : réessayez dans " in html
        and "<h1>Trop de recherches en peu de temps</h1>" in html
    )
    feed = client.get("/recherche/flux.atom", {"q": "glanage"})
    assert feed.status_code == 429 and feed["Content-Type"].startswith("text/plain")
    assert feed.content.decode("utf-8").startswith("Trop de requêtes : réessayez dans ")
    # another address has its own count; the API and the rest of the site keep theirs
    assert client.get("/recherche/", {"q": "glanage"}, REMOTE_ADDR="192.0.2.8").status_code == 200
    assert client.get("/api/search/", {"q": "glanage"}).status_code == 200
    assert client.get("/").status_code in (200, 302, 404)
