from .articles import ConditionArticlePage, ConditionIndexPage
from .base import BasePage
from .home import HomePage
from .perspectives import PerspectiveIndexPage, PerspectivePage
from .reviewers import Reviewer
from .settings import SiteSettings
from .standard import StandardPage
from .taxonomy import Source, Topic
from .topics_page import TopicIndexPage

__all__ = [
    "BasePage",
    "ConditionArticlePage",
    "ConditionIndexPage",
    "HomePage",
    "PerspectiveIndexPage",
    "PerspectivePage",
    "Reviewer",
    "SiteSettings",
    "Source",
    "StandardPage",
    "Topic",
    "TopicIndexPage",
]
