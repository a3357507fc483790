"""The models of resources, named once here. A resource type is a `ResourcePage` subclass registered with
`@register_resource_type` (resources/resource_types.py); the import order below is the order of the types."""

from resources.resource_types import RESOURCE_TYPES

from .base import (
    ResourceActor,
    ResourceDocumentLink,
    ResourcePage,
    ResourceRelatedLink,
    ResourceTerritory,
)
from .documents import DocumentText, DraftDocumentUse, ExtractionStatus, ResourceDocument
from .meetings import MeetingOrganisation, MeetingReportPage, MeetingSession, MeetingSpeaker
from .pages import ResourceIndexPage
from .series import MeetingSeries
from .sheets import LearningVisitPage, StrategyPage, ToolkitPage

__all__ = [
    "RESOURCE_TYPES",
    "DocumentText",
    "DraftDocumentUse",
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
