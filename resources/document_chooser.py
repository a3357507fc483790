"""The document chooser shows each document's extraction status, so an editor sees a failed or unread
document before attaching it."""

from wagtail.admin.ui.tables import Column
from wagtail.documents.views import chooser


class ExtractionStatusColumn(Column):
    def get_value(self, instance) -> str:
        return instance.extraction_summary


class ExtractionStatusMixin:
    @property
    def columns(self):
        return [
            *super().columns,
            ExtractionStatusColumn("extraction_status", label="Extraction du texte"),
        ]


class DocumentChooseView(ExtractionStatusMixin, chooser.DocumentChooseView):
    pass


class DocumentChooseResultsView(ExtractionStatusMixin, chooser.DocumentChooseResultsView):
    pass


def add_status_column(viewset: chooser.DocumentChooserViewSet) -> None:
    """Wagtail registers its document chooser viewset itself; give it our views before its URLs are built."""
    viewset.choose_view_class = DocumentChooseView
    viewset.choose_results_view_class = DocumentChooseResultsView
