from .base import BasePage
from .mixins import ListingMixin, SocialMixin

__all__ = ["BasePage", "ListingMixin", "SocialMixin"]
