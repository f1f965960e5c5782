from .articles import ConditionArticlePage, ConditionIndexPage
from .glossary import GlossaryPage, GlossaryTerm
from .home import HomePage
from .perspectives import PerspectiveIndexPage, PerspectivePage
from .reviewers import Reviewer
from .reviewers_page import MedicalReviewersPage
from .settings import SiteSettings
from .standard import StandardPage
from .taxonomy import Source, Topic
from .topics_page import TopicIndexPage

__all__ = [
    "ConditionArticlePage",
    "ConditionIndexPage",
    "GlossaryPage",
    "GlossaryTerm",
    "HomePage",
    "MedicalReviewersPage",
    "PerspectiveIndexPage",
    "PerspectivePage",
    "Reviewer",
    "SiteSettings",
    "Source",
    "StandardPage",
    "Topic",
    "TopicIndexPage",
]
