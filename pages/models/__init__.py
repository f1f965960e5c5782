from .articles import ConditionArticlePage, ConditionIndexPage
from .feedback import PageFeedback
from .home import HomePage
from .perspectives import PerspectiveIndexPage, PerspectivePage, disclaimer_for, perspective_notice
from .readability import ReadabilityMixin, ReadabilityPanel, ReadingLevel
from .reviewers import Reviewer
from .reviewers_page import MedicalReviewersPage
from .settings import SiteSettings
from .standard import StandardPage
from .taxonomy import Source, Topic
from .topics_page import TopicIndexPage

__all__ = [
    "ConditionArticlePage",
    "ConditionIndexPage",
    "HomePage",
    "MedicalReviewersPage",
    "PageFeedback",
    "PerspectiveIndexPage",
    "PerspectivePage",
    "ReadabilityMixin",
    "ReadabilityPanel",
    "ReadingLevel",
    "Reviewer",
    "disclaimer_for",
    "perspective_notice",
    "SiteSettings",
    "Source",
    "StandardPage",
    "Topic",
    "TopicIndexPage",
]
