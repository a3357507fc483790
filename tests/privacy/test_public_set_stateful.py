"""Random editor actions never make the public see more (or less) than the public set recomputed from the database.

Issue 10, item 2. After every step, each tracked page and document is looked up through the public paths
(PUBLIC_PATHS below) and compared with an independent computation over Wagtail's tables. Both modes: in full
mode the tasks run in the Celery worker and the index is OpenSearch, so each comparison is retried until the
index has caught up (or times out and fails). Bounded in CI; PRIVACY_MAX_EXAMPLES and PRIVACY_STEPS lengthen
it (README: "Privacy").
"""

from __future__ import annotations

import itertools
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from resources.models import ResourceDocument, ResourceDocumentLink, ResourceIndexPage
from resources.newsletter import NewsletterExtrasBlock, extra_items
from testing import factories
from testing.pdfs import pdf
from tests.helpers.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MAX_EXAMPLES = int(os.environ.get("PRIVACY_MAX_EXAMPLES", "2"))
STEPS = int(os.environ.get("PRIVACY_STEPS", "6"))
FULL = os.environ.get("MAILLAGE_TEST_MODE") == "full"

# What the comparison covers, per tracked object (README, "Privacy" lists the same).
PUBLIC_PATHS = {
    "page": [
        "/api/search/ (title word: results and type facet count)",
        "/recherche/ (HTML results)",
        "/api/autocomplete/",
        "/api/search/ suggestion (misspelt title word)",
        "/flux/ressources.xml",
        "/flux/type/<type>.atom",
        "/sitemap.xml",
        "/plan-du-site/",
        "the page's URL",
        "/r/<id>/",
        "/api/v2/pages/<id>/",
    ],
    "document": [
        "/api/search/ (title word: results and type facet count)",
        "/api/search/ (passage word)",
        "/recherche/ (HTML results)",
        "/api/autocomplete/ (never a non-public title)",
        "/api/search/ suggestion (misspelt title word)",
        "/apercu/document/<id>/1.png",
        "/api/v2/documents/<id>/",
        "/document/<id>/<slug>/ and its viewer",
        "/sitemap.xml",
        "the newsletter block (resources.newsletter.extra_items)",
        "/api/search/ spelling (a near miss of the text of a replaced or deleted file, OR a public word)",
    ],
}
ANIMALS = [
    "zibeline",
    "quokka",
    "narval",
    "okapi",
    "axolotl",
    "tamanoir",
    "gerfaut",
    "ocelot",
    "pangolin",
    "wombat",
    "fennec",
    "lemming",
    "macareux",
    "harfang",
    "tatou",
    "mangouste",
]
CODE = "bdfgkprtvz"  # consonants no French suffix rule strips: every word keeps its own stem


def _unique_words():
    """Distinctive words never used twice in a session (examples share the database): zibelineb, quokkab…"""
    for n in itertools.count():
        q, code = n // len(ANIMALS), ""
        while True:
            q, r = divmod(q, len(CODE))
            code += CODE[r]
            if not q:
                break
        yield ANIMALS[n % len(ANIMALS)] + code


WORDS = _unique_words()
RUN = itertools.count(1)


def get(path: str, **params):
    return Client().get(path, params)


def search(q: str) -> tuple[set[str], dict[str, int]]:
    """Titles found for `q` and the type facet's counts (which must add up to the total).

    When nothing matches, the search answers a corrected query instead: its facets are not those of `q`."""
    data = get("/api/search/", q=q).json()
    types = {i["value"]: i["count"] for i in data["facets"]["type"]}
    assert sum(types.values()) == data["count"]
    return {r["title"] for r in data["results"]}, {} if data["corrected_from"] else types


def opens(path: str) -> bool:
    """The path shows its content (a restricted document leads to the login page or a password form instead)."""
    response = Client().get(path, follow=True)
    return (
        response.status_code == 200
        and "/login" not in response.request["PATH_INFO"]
        and ('name="password"' not in response.content.decode(errors="replace"))
    )


def search_titles(q: str) -> set[str]:
    return search(q)[0]


def public_pages_from_db() -> set[int]:
    restricted = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    return {
        p.pk
        for p in Page.objects.filter(live=True, depth__gt=3)
        if not (restricted and p.path.startswith(restricted))
    }


def public_documents_from_db() -> set[int]:
    restricted = tuple(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    pages = public_pages_from_db()
    public = set()
    for document in ResourceDocument.objects.select_related("collection"):
        if restricted and document.collection.path.startswith(restricted):
            continue
        attaching = set(
            ResourceDocumentLink.objects.filter(document=document).values_list("page_id", flat=True)
        )
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
            listing = home.add_child(
                instance=ResourceIndexPage(title=f"Liste {run}-{n}", slug=f"liste-{run}-{n}")
            )
            listing.save_revision().publish()
            self.listings.append(listing.pk)
        root = Collection.get_first_root_node()
        self.private = root.add_child(instance=Collection(name=f"Interne {run}")).pk
        CollectionViewRestriction.objects.create(
            collection_id=self.private, restriction_type="login"
        )
        branch = root.add_child(instance=Collection(name=f"Branche {run}"))
        self.branch = branch.pk
        self.collections = [
            root.pk,
            branch.add_child(instance=Collection(name=f"Feuille {run}")).pk,
        ]
        self.documents = {}  # pk -> (title word, passage word)
        self.removed = []  # passage words of replaced or deleted files: never proposed by the spelling again
        for _ in range(3):
            self.add_document()
        self.pages = {}  # pk -> title word
        self.editor = Client()  # the admin's bulk actions and forms
        self.editor.force_login(
            get_user_model().objects.create_superuser(f"editeur-{run}", f"e{run}@example.org", "pw")
        )
        docs = list(self.documents)
        for n in range(3):
            word = next(WORDS)
            listing = ResourceIndexPage.objects.get(pk=self.listings[n % 2])
            page = factories.meeting(
                listing,
                f"Rencontre {word} {run}",
                documents=[ResourceDocument.objects.get(pk=docs[n])],
                publish=n != 2,
            )
            self.pages[page.pk] = word

    def add_document(self):
        title, passage = next(WORDS), next(WORDS)
        document = factories.document(
            pdf(f"Le {passage} des territoires solidaires."),
            title=f"Dossier {title}",
            filename=f"{title}.pdf",
        )
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
        target = Collection.objects.get(
            pk=self.private if private else Collection.get_first_root_node().pk
        )
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
            CollectionViewRestriction.objects.create(
                collection_id=self.branch, restriction_type="login"
            )

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

    @rule(n=st.integers(0, 2))
    def detach_from_unpublished(self, n):
        """An editor takes documents off a page that is offline: documents attached nowhere else become
        library documents again (public if their collection is)."""
        page = Page.objects.get(pk=list(self.pages)[n]).specific
        if page.live:
            page.unpublish()
            page.refresh_from_db()
        if page.attached_documents.exists():
            page.attached_documents = []
            self._save(page)

    @rule(d=st.integers(0, 5), to=st.integers(0, 2))
    def move_document(self, d, to):
        if not self.documents:
            return
        document = ResourceDocument.objects.get(pk=list(self.documents)[d % len(self.documents)])
        document.collection_id = (self.collections + [self.private])[to]
        document.save()

    def _save(self, page):
        """As the admin does: a new revision, published if the page was live, in one transaction (the admin's
        edit view is atomic: Wagtail's reference index is then updated after the page's child rows)."""
        was_live = page.live
        with transaction.atomic():
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

        document.file.save(
            f"{title}-v2.pdf", ContentFile(pdf(f"Le {passage} des territoires solidaires."))
        )
        self.removed.append(self.documents[pk][1])
        self.documents[pk] = (title, passage)

    @rule(d=st.integers(0, 5))
    def delete(self, d):
        if len(self.documents) <= 1:
            return
        pk = list(self.documents)[d % len(self.documents)]
        ResourceDocument.objects.get(pk=pk).delete()
        self.removed.append(self.documents.pop(pk)[1])

    # --- the admin's bulk actions and forms (issue 22: QuerySet.update() sends no post_save) -------------
    @rule(ds=st.sets(st.integers(0, 5), min_size=1, max_size=3), to=st.integers(0, 2))
    def bulk_move_documents(self, ds, to):
        """« Ajouter à la collection » on the document listing."""
        if not self.documents:
            return
        pks = sorted({list(self.documents)[d % len(self.documents)] for d in ds})
        ids = "&".join(f"id={pk}" for pk in pks)
        response = self.editor.post(
            f"/admin/bulk/resources/resourcedocument/add_to_collection/?next=/admin/&{ids}",
            {"collection": (self.collections + [self.private])[to]},
        )
        assert response.status_code == 302, response.content[:1000]

    @rule(ns=st.sets(st.integers(0, 2), min_size=1), publish=st.booleans())
    def bulk_publish_or_unpublish_pages(self, ns, publish):
        """« Publier » / « Dépublier » on the page listing."""
        ids = "&".join(f"id={list(self.pages)[n]}" for n in sorted(ns))
        action = "publish" if publish else "unpublish"
        response = self.editor.post(
            f"/admin/bulk/wagtailcore/page/{action}/?next=/admin/&{ids}", {}
        )
        assert response.status_code == 302, response.content[:1000]

    @rule(d=st.integers(0, 5), to=st.integers(0, 2))
    def replace_in_admin(self, d, to):
        """The document's edit form: a new file (new words), and maybe another collection."""
        if not self.documents:
            return
        pk = list(self.documents)[d % len(self.documents)]
        title, _ = self.documents[pk]
        passage = next(WORDS)
        upload = SimpleUploadedFile(
            f"{title}-v3.pdf",
            pdf(f"Le {passage} des territoires solidaires."),
            content_type="application/pdf",
        )
        response = self.editor.post(
            f"/admin/documents/edit/{pk}/",
            {
                "title": f"Dossier {title}",
                "file": upload,
                "collection": (self.collections + [self.private])[to],
                "tags": "",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        self.documents[pk] = (title, passage)

    # --- what the public sees ----------------------------------------------------------------------------
    @invariant()
    def public_paths_show_exactly_the_public_set(self):
        timeout = 60 if FULL else 5
        try:
            wait_for(
                self.matches,
                timeout=timeout,
                interval=0.5,
                message="public paths matching the database",
            )
        except AssertionError:
            extraction = list(
                ResourceDocument.objects.filter(pk__in=self.documents).values_list(
                    "title", "extraction_status", "extraction_error", "page_count"
                )
            )
            raise AssertionError(
                f"(title, path, seen, public in the database): {self.matches() or self.last}; "
                f"extraction: {extraction}"
            )

    def matches(self) -> bool:
        pages, documents = public_pages_from_db(), public_documents_from_db()
        self.last = []
        feed = get("/flux/ressources.xml").content.decode()
        sitemap = get("/sitemap.xml").content.decode()
        site_map = get("/plan-du-site/").content.decode()
        for pk, word in self.pages.items():
            page = Page.objects.get(pk=pk).specific
            public = pk in pages
            kind = page._meta.model_name
            titles, types = search(word)
            seen = {
                "search": page.title in titles,
                "facet count": types.get(kind, 0) > 0,
                "search page": page.title in get("/recherche/", q=word).content.decode(),
                "autocomplete": page.title
                in {r["title"] for r in get("/api/autocomplete/", q=word).json()["results"]},
                "feed": page.title in feed,
                "type feed": page.title in get(f"/flux/type/{kind}.atom").content.decode(),
                "sitemap": f"/{page.slug}/" in sitemap,
                "site map": page.title in site_map,
                "page": get(page.get_url() or "/-/").status_code == 200,
                "permalink": get(f"/r/{pk}/").status_code == 301,
                "pages API": get(f"/api/v2/pages/{pk}/").status_code == 200,
            }
            if not public and get("/api/search/", q=typo(word)).json()["suggestion"] == word:
                seen["suggestion"] = True
            self.last += [(page.title, k, v, public) for k, v in seen.items() if v != public]
        for pk, (title, passage) in self.documents.items():
            public = pk in documents
            titles, types = search(title)
            seen = {
                "search title": f"Dossier {title}" in titles,
                "facet count": types.get("document", 0) > 0,
                "passage": f"Dossier {title}" in search_titles(passage),
                "search page": f"Dossier {title}" in get("/recherche/", q=title).content.decode(),
                "thumbnail": get(f"/apercu/document/{pk}/1.png").status_code == 200,
                "documents API": get(f"/api/v2/documents/{pk}/").status_code == 200,
                "document page": opens(f"/document/{pk}/"),
                "viewer": opens(f"/document/{pk}/-/lecture/"),
                "sitemap": f"/document/{pk}/" in sitemap,
                "newsletter": bool(
                    extra_items(
                        NewsletterExtrasBlock().to_python(
                            [{"type": "document", "value": {"document": pk, "summary": ""}}]
                        )
                    )
                ),
            }
            if (
                not public
            ):  # the embedded backend completes document titles too, OpenSearch does not
                completed = {
                    r["title"] for r in get("/api/autocomplete/", q=title).json()["results"]
                }
                if f"Dossier {title}" in completed:
                    seen["autocomplete"] = True
                if get("/api/search/", q=typo(title)).json()["suggestion"] == title:
                    seen["suggestion"] = True
            self.last += [(title, k, v, public) for k, v in seen.items() if v != public]
        for word in (
            self.removed
        ):  # a near miss beside a misspelt public word is corrected into nothing removed
            data = get("/api/search/", q=f"{typo(word)} OR {typo('territoires')}").json()
            if word in f"{data['query']} {data['suggestion']} {data['corrected_from']}":
                self.last.append((word, "removed word proposed", True, False))
        return not self.last


def typo(word: str) -> str:
    return word[:-1] + ("q" if word[-1] != "q" else "w")


def test_public_paths_follow_random_editor_actions(search_backend, task_worker):
    # No media_root fixture: the Celery worker of full mode reads the files under the run's MEDIA_ROOT.
    factories.site_tree()
    run_state_machine_as_test(
        PublicSet,
        settings=settings(
            max_examples=MAX_EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            derandomize=False,
            suppress_health_check=list(HealthCheck),
            print_blob=True,
        ),
    )
