"""Random editor actions never make the public see more (or less) than the public set recomputed from the database.

Issue 10, item 2. After every step, each tracked page and document is looked up through the public paths
(search API with titles and passages, facet counts, autocomplete, suggestions, RSS feed, sitemap, page
response) and compared with an independent computation over Wagtail's tables. In full mode the tasks run in
the Celery worker: each comparison is retried until the index has caught up (or times out and fails).
Bounded in CI; PRIVACY_MAX_EXAMPLES and PRIVACY_STEPS lengthen it (README: "Privacy").
"""

from __future__ import annotations

import itertools
import os

import pytest
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from resources.models import ResourceDocument, ResourceIndexPage
from resources.models.pages import ResourceDocumentLink
from tests import factories
from tests.privacy.pdfs import pdf
from tests.waiting import wait_for

# Embedded only until its full-stack run (Celery worker, OpenSearch) has been timed and checked.
pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.embedded]

MAX_EXAMPLES = int(os.environ.get("PRIVACY_MAX_EXAMPLES", "2"))
STEPS = int(os.environ.get("PRIVACY_STEPS", "6"))
# Distinctive, unrelated words: one per page title, one per document title, one per document passage.
WORDS = itertools.cycle(["zibeline", "quokka", "narval", "okapi", "axolotl", "tamanoir", "gerfaut", "ocelot",
                         "pangolin", "wombat", "fennec", "lemming", "macareux", "harfang", "tatou", "mangouste"])
RUN = itertools.count(1)


def get(path: str, **params):
    return Client().get(path, params)


def search_titles(q: str) -> set[str]:
    data = get("/api/search/", q=q).json()
    assert sum(i["count"] for i in data["facets"]["type"]) == data["count"]
    return {r["title"] for r in data["results"]}


def public_pages_from_db() -> set[int]:
    restricted = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    return {p.pk for p in Page.objects.filter(live=True, depth__gt=3)
            if not (restricted and p.path.startswith(restricted))}


def public_documents_from_db() -> set[int]:
    restricted = tuple(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    pages = public_pages_from_db()
    public = set()
    for document in ResourceDocument.objects.select_related("collection"):
        if restricted and document.collection.path.startswith(restricted):
            continue
        attaching = set(ResourceDocumentLink.objects.filter(document=document).values_list("page_id", flat=True))
        if not attaching or attaching & pages:
            public.add(document.pk)
    return public


class PublicSet(RuleBasedStateMachine):
    """Two listings (one may be restricted), two collections (one under a movable branch), pages, documents."""

    @initialize()
    def build(self):
        run = next(RUN)
        home = factories.site_tree().get_parent()
        self.listings = []
        for n in range(2):
            listing = home.add_child(instance=ResourceIndexPage(title=f"Liste {run}-{n}", slug=f"liste-{run}-{n}"))
            listing.save_revision().publish()
            self.listings.append(listing.pk)
        root = Collection.get_first_root_node()
        self.private = root.add_child(instance=Collection(name=f"Interne {run}")).pk
        CollectionViewRestriction.objects.create(collection_id=self.private, restriction_type="login")
        branch = root.add_child(instance=Collection(name=f"Branche {run}"))
        self.branch = branch.pk
        self.collections = [root.pk, branch.add_child(instance=Collection(name=f"Feuille {run}")).pk]
        self.documents = {}  # pk -> (title word, passage word)
        for _ in range(3):
            self.add_document()
        self.pages = {}  # pk -> title word
        docs = list(self.documents)
        for n in range(3):
            word = next(WORDS)
            listing = ResourceIndexPage.objects.get(pk=self.listings[n % 2])
            page = factories.meeting(listing, f"Rencontre {word} {run}", documents=[
                ResourceDocument.objects.get(pk=docs[n])], publish=n != 2)
            self.pages[page.pk] = word

    def add_document(self):
        title, passage = next(WORDS), next(WORDS)
        document = factories.document(pdf(f"Le {passage} des territoires solidaires."), title=f"Dossier {title}",
                                      filename=f"{title}.pdf")
        document.collection_id = self.collections[len(self.documents) % 2]
        document.save()
        self.documents[document.pk] = (title, passage)

    # --- pages -------------------------------------------------------------------------------------------
    @rule(n=st.integers(0, 2))
    def publish(self, n):
        page = Page.objects.get(pk=list(self.pages)[n]).specific
        page.save_revision().publish()

    @rule(n=st.integers(0, 2))
    def unpublish(self, n):
        page = Page.objects.get(pk=list(self.pages)[n])
        if page.live:
            page.unpublish()

    @rule(n=st.integers(0, 2), to=st.integers(0, 1))
    def move_page(self, n, to):
        page = Page.objects.get(pk=list(self.pages)[n])
        target = Page.objects.get(pk=self.listings[to])
        if page.get_parent().pk != target.pk:
            page.move(target, "last-child")

    @rule(n=st.integers(0, 4))
    def toggle_page_restriction(self, n):
        pk = (list(self.pages) + self.listings)[n]  # a page or an ancestor listing
        existing = PageViewRestriction.objects.filter(page_id=pk)
        if existing.exists():
            for restriction in existing:
                restriction.delete()
        else:
            PageViewRestriction.objects.create(page_id=pk, restriction_type="login")

    # --- collections -------------------------------------------------------------------------------------
    @rule(private=st.booleans())
    def move_collection(self, private):
        target = Collection.objects.get(pk=self.private if private else Collection.get_first_root_node().pk)
        branch = Collection.objects.get(pk=self.branch)
        if branch.get_parent().pk != target.pk:
            branch.move(target, "sorted-child")

    @rule()
    def toggle_collection_restriction(self):
        existing = CollectionViewRestriction.objects.filter(collection_id=self.branch)
        if existing.exists():
            for restriction in existing:
                restriction.delete()
        else:
            CollectionViewRestriction.objects.create(collection_id=self.branch, restriction_type="login")

    # --- documents ---------------------------------------------------------------------------------------
    @rule(n=st.integers(0, 2), d=st.integers(0, 5))
    def attach(self, n, d):
        if not self.documents:
            return
        page = Page.objects.get(pk=list(self.pages)[n]).specific
        document = ResourceDocument.objects.get(pk=list(self.documents)[d % len(self.documents)])
        if not page.attached_documents.filter(document=document).exists():
            page.attached_documents.add(ResourceDocumentLink(document=document))
            self._save(page)

    @rule(n=st.integers(0, 2))
    def detach(self, n):
        page = Page.objects.get(pk=list(self.pages)[n]).specific
        if page.attached_documents.exists():
            page.attached_documents = []
            self._save(page)

    def _save(self, page):
        """As the admin does: a new revision, published if the page was live."""
        was_live = page.live
        page.save()
        revision = page.save_revision()
        if was_live:
            revision.publish()

    @rule(d=st.integers(0, 5))
    def replace(self, d):
        if not self.documents:
            return
        pk = list(self.documents)[d % len(self.documents)]
        title, _ = self.documents[pk]
        passage = next(WORDS)
        document = ResourceDocument.objects.get(pk=pk)
        from django.core.files.base import ContentFile

        document.file.save(f"{title}-v2.pdf", ContentFile(pdf(f"Le {passage} des territoires solidaires.")))
        self.documents[pk] = (title, passage)

    @rule(d=st.integers(0, 5))
    def delete(self, d):
        if len(self.documents) <= 1:
            return
        pk = list(self.documents)[d % len(self.documents)]
        ResourceDocument.objects.get(pk=pk).delete()
        del self.documents[pk]

    # --- what the public sees ----------------------------------------------------------------------------
    @invariant()
    def public_paths_show_exactly_the_public_set(self):
        timeout = 60 if os.environ.get("MAILLAGE_TEST_MODE") == "full" else 5
        try:
            wait_for(self.matches, timeout=timeout, interval=0.5, message="public paths matching the database")
        except AssertionError:
            raise AssertionError(f"(title, path, seen, public in the database): {self.matches() or self.last}")

    def matches(self) -> bool:
        pages, documents = public_pages_from_db(), public_documents_from_db()
        self.last = []
        feed = get("/flux/ressources.xml").content.decode()
        sitemap = get("/sitemap.xml").content.decode()
        for pk, word in self.pages.items():
            page = Page.objects.get(pk=pk)
            public = pk in pages
            seen = {
                "search": page.title in search_titles(word),
                "autocomplete": page.title in {r["title"] for r in get("/api/autocomplete/", q=word[:5]).json()[
                    "results"]},
                "feed": page.title in feed,
                "sitemap": f"/{page.slug}/" in sitemap,
                "page": get(page.get_url() or "/-/").status_code == 200,
            }
            self.last += [(page.title, k, v, public) for k, v in seen.items() if v != public]
        for pk, (title, passage) in self.documents.items():
            public = pk in documents
            seen = {"search title": f"Dossier {title}" in search_titles(title),
                    "passage": f"Dossier {title}" in search_titles(passage)}
            typo = title[:-1] + ("a" if title[-1] != "a" else "e")
            suggestion = get("/api/search/", q=typo).json()["suggestion"]
            if suggestion == title and not public:
                self.last.append((title, "suggestion", True, public))
            self.last += [(title, k, v, public) for k, v in seen.items() if v != public]
        return not self.last


def test_public_paths_follow_random_editor_actions(search_backend, media_root, task_worker):
    factories.site_tree()
    run_state_machine_as_test(PublicSet, settings=settings(
        max_examples=MAX_EXAMPLES, stateful_step_count=STEPS, deadline=None, derandomize=False,
        suppress_health_check=list(HealthCheck), print_blob=True))
