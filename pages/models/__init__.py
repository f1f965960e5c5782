from .articles import ConditionArticlePage, ConditionIndexPage
from .home import HomePage
from .perspectives import PerspectiveIndexPage, PerspectivePage
from .settings import SiteSettings
from .standard import StandardPage
from .taxonomy import Source, Topic
from .topics_page import TopicIndexPage

__all__ = [
    "ConditionArticlePage",
    "ConditionIndexPage",
    "HomePage",
    "PerspectiveIndexPage",
    "PerspectivePage",
    "SiteSettings",
    "Source",
    "StandardPage",
    "Topic",
    "TopicIndexPage",
]
