from .articles import ConditionArticlePage, ConditionIndexPage
from .feedback import PageFeedback
from .glossary import GlossaryPage, GlossaryTerm
from .home import HomePage
from .perspectives import PerspectiveIndexPage, PerspectivePage
from .readability import ReadabilityMixin, ReadabilityPanel, ReadingLevel
from .reviewers import Reviewer
from .reviewers_page import MedicalReviewersPage
from .settings import SiteSettings
from .standard import StandardPage
from .taxonomy import HealthTopic, Source
from .topics_page import TopicIndexPage

__all__ = [
    "ConditionArticlePage",
    "ConditionIndexPage",
    "GlossaryPage",
    "GlossaryTerm",
    "HealthTopic",
    "HomePage",
    "MedicalReviewersPage",
    "PageFeedback",
    "PerspectiveIndexPage",
    "PerspectivePage",
    "ReadabilityMixin",
    "ReadabilityPanel",
    "ReadingLevel",
    "Reviewer",
    "SiteSettings",
    "Source",
    "StandardPage",
    "TopicIndexPage",
]
