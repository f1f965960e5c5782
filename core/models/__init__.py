from .base import BasePage
from .mixins import ListingMixin, SocialMixin
from .sessions import Session

__all__ = ["BasePage", "ListingMixin", "Session", "SocialMixin"]
