from django.db import models
from wagtail.admin.panels import FieldPanel


class ListingMixin(models.Model):
    """What a page shows when another page lists or features it."""

    listing_summary = models.TextField(
        blank=True,
        max_length=300,
        help_text="One or two sentences shown in listings, search results and cards.",
    )

    listing_panels = [FieldPanel("listing_summary")]

    class Meta:
        abstract = True

    def get_listing_summary(self):
        return self.listing_summary or self.search_description


class SocialMixin(models.Model):
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Image for social media shares (Open Graph). 1200×630 pixels works best.",
    )

    social_panels = [FieldPanel("social_image")]

    class Meta:
        abstract = True
