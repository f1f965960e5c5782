from .base import BasePage
from .home import HomePage
from .settings import SiteSettings
from .standard import StandardPage

__all__ = ["BasePage", "HomePage", "SiteSettings", "StandardPage"]
