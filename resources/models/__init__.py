from .documents import DocumentText, DraftDocumentUse, ExtractionStatus, ResourceDocument
from .pages import (
    RESOURCE_TYPES,
    LearningVisitPage,
    MeetingOrganisation,
    MeetingReportPage,
    MeetingSpeaker,
    ResourceActor,
    ResourceDocumentLink,
    ResourceIndexPage,
    ResourcePage,
    ResourceRelatedLink,
    ResourceTerritory,
    StrategyPage,
    ToolkitPage,
)
from .series import MeetingSeries

__all__ = [
    "RESOURCE_TYPES",
    "DocumentText",
    "DraftDocumentUse",
    "ExtractionStatus",
    "LearningVisitPage",
    "MeetingOrganisation",
    "MeetingReportPage",
    "MeetingSeries",
    "MeetingSpeaker",
    "ResourceActor",
    "ResourceDocument",
    "ResourceDocumentLink",
    "ResourceIndexPage",
    "ResourcePage",
    "ResourceRelatedLink",
    "ResourceTerritory",
    "StrategyPage",
    "ToolkitPage",
]
