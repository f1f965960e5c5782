from .articles import ConditionArticlePage, ConditionIndexPage
from .home import HomePage
from .perspectives import PerspectiveIndexPage, PerspectivePage, disclaimer_for, perspective_notice
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
    "PerspectiveIndexPage",
    "PerspectivePage",
    "Reviewer",
    "disclaimer_for",
    "perspective_notice",
    "SiteSettings",
    "Source",
    "StandardPage",
    "Topic",
    "TopicIndexPage",
]
