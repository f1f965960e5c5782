from resources.choices import Audience, Language, ResourceType

from .helpline import HelplineHours, HelplineSettings
from .library import REVIEW_INTERVAL_DAYS, Resource, ResourceQuerySet, ResourceTag
from .pages import AudienceLandingPage, AudienceLandingResource, ResourceIndexPage

__all__ = [
    "REVIEW_INTERVAL_DAYS",
    "Audience",
    "AudienceLandingPage",
    "AudienceLandingResource",
    "HelplineHours",
    "HelplineSettings",
    "Language",
    "Resource",
    "ResourceIndexPage",
    "ResourceQuerySet",
    "ResourceTag",
    "ResourceType",
]
