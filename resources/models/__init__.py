from resources.choices import Audience, Language, ResourceType
from resources.helpline_models import HelplineHours, HelplineSettings  # registered with the app here

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
