from .documents import DocumentText, ExtractionStatus, ResourceDocument
from .pages import (
    LearningVisitPage,
    MeetingOrganisation,
    MeetingReportPage,
    MeetingSpeaker,
    ResourceDocumentLink,
    ResourceIndexPage,
    ResourcePage,
    StrategyPage,
    ToolkitPage,
)
from .taxonomy import Theme

__all__ = [
    "DocumentText",
    "ExtractionStatus",
    "LearningVisitPage",
    "MeetingOrganisation",
    "MeetingReportPage",
    "MeetingSpeaker",
    "ResourceDocument",
    "ResourceDocumentLink",
    "ResourceIndexPage",
    "ResourcePage",
    "StrategyPage",
    "Theme",
    "ToolkitPage",
]
