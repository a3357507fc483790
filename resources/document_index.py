"""The admin's document list with each document's extraction status (« Échec : le PDF est protégé par un mot de
passe… »), so an editor sees where documents are listed which ones the site could not read.

Wagtail builds its list's URLs itself; `resources/wagtail_hooks.py` registers this view at the same addresses,
before Wagtail's (the project's apps come first in INSTALLED_APPS), as it gives the chooser its status column."""

from wagtail.documents.views.documents import IndexView

from resources.document_chooser import ExtractionStatusColumn


class DocumentIndexView(IndexView):
    @property
    def columns(self):
        columns = list(super().columns)
        columns.insert(3, ExtractionStatusColumn("extraction_status", label="Extraction du texte"))
        return columns
