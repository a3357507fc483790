"""Admin for resource vocabularies, the newsletter block and the documents' extraction status."""

from django.contrib import messages
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.documents.views.chooser import viewset as document_chooser_viewset
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from resources import admin_views, newsletter_views
from resources.document_chooser import add_status_column
from resources.document_index import DocumentIndexView
from resources.document_views import access_response
from resources.models import MeetingSeries, ResourcePage
from taxonomy.viewsets import ThemeViewSet

add_status_column(document_chooser_viewset)


class MeetingSeriesViewSet(SnippetViewSet):
    model = MeetingSeries
    icon = "date"
    menu_label = "Clubs et cycles"
    list_display = ["name", "territory"]
    search_fields = ["name"]


class VocabularyGroup(SnippetViewSetGroup):
    items = (ThemeViewSet, MeetingSeriesViewSet)
    menu_icon = "tag"
    menu_label = "Vocabulaires"
    menu_name = "vocabulaires"


register_snippet(VocabularyGroup)


# Before Wagtail's own (order -1): our document list takes over /admin/documents/ whatever imported
# wagtail.documents.wagtail_hooks first (resources/document_views.py does).
@hooks.register("register_admin_urls", order=-1)
def _urls():
    return [
        path("extraction/", admin_views.extraction_status, name="maillage_extraction_status"),
        path(
            "extraction/<int:pk>/relancer/",
            admin_views.retry_extraction,
            name="maillage_retry_extraction",
        ),
        path(
            "lettre-d-information/",
            newsletter_views.newsletter_block,
            name="maillage_newsletter_block",
        ),
        # Wagtail's document list at its own addresses, with the extraction status (resources/document_index.py)
        path("documents/", DocumentIndexView.as_view(), name="maillage_documents_index"),
        path(
            "documents/results/",
            DocumentIndexView.as_view(results_only=True),
            name="maillage_documents_results",
        ),
    ]


@hooks.register("register_admin_menu_item")
def _menu_item():
    return MenuItem(
        "Extraction des documents",
        reverse("maillage_extraction_status"),
        icon_name="doc-full-inverse",
        order=410,
    )


@hooks.register("register_admin_menu_item")
def _newsletter_menu_item():
    return MenuItem(
        "Lettre d'information", reverse("maillage_newsletter_block"), icon_name="mail", order=300
    )


def warn_unreadable_documents(request, page) -> None:
    """A warning (never a block) for each attached document whose text failed or could not be read."""
    if not isinstance(page, ResourcePage):
        return
    for document in page.documents():
        if not document.extraction_ok:
            messages.warning(
                request,
                f"Document « {document.title} » — {document.extraction_summary} La page peut être publiée, "
                "mais le contenu de ce document ne sera pas trouvé par la recherche.",
            )


@hooks.register("before_edit_page")
def _warn_when_opening(request, page):
    if request.method == "GET":
        warn_unreadable_documents(request, page.get_latest_revision_as_object())


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def _warn_after_publishing(request, page):
    # Saving a draft returns to the edit form, which warns; publishing goes to the page list.
    if "action-publish" in request.POST:
        warn_unreadable_documents(request, page)


@hooks.register("before_serve_document")
def _serve_only_public_documents(document, request):
    """The file is exactly as visible as the search and the pages make it: a document used only by drafts and
    unpublished pages answers 404 (editors still get it); one of a password or login-restricted page or
    collection answers with Wagtail's password form or login page, and is served once they are passed."""
    return access_response(request, document)
