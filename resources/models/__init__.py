from .documents import DocumentText, ExtractionStatus, ResourceDocument
from .pages import (
    RESOURCE_TYPES,
    LearningVisitPage,
    MeetingOrganisation,
    MeetingReportPage,
    MeetingSession,
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
    "ExtractionStatus",
    "LearningVisitPage",
    "MeetingOrganisation",
    "MeetingReportPage",
    "MeetingSeries",
    "MeetingSession",
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
