from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from .mixins import ListingMixin, SocialMixin


class BasePage(ListingMixin, SocialMixin, Page):
    """Every public page type inherits SEO, social and listing fields from here."""

    search_fields = Page.search_fields + [
        index.SearchField("listing_summary", boost=1.5),
        index.SearchField("search_description"),
    ]
    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description")],
            heading="For search engines",
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading="For site menus"),
        MultiFieldPanel(
            [FieldPanel("listing_summary"), FieldPanel("social_image")],
            heading="Listings and social sharing",
        ),
    ]

    class Meta:
        abstract = True

    def get_meta_title(self):
        return self.seo_title or self.title

    def get_meta_description(self):
        return self.search_description or self.listing_summary
