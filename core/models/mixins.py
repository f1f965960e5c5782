from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from core.images import image_alt_errors


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


class LeadImageMixin(models.Model):
    """An optional image at the top of an article, with alt text (required unless marked
    decorative) and a caption or credit."""

    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional image under the title (cropped to 16:9).",
    )
    lead_image_alt = models.CharField(
        max_length=250,
        blank=True,
        verbose_name="lead image alt text",
        help_text="What the image shows, for people who cannot see it. Required unless the image is decorative.",
    )
    lead_image_decorative = models.BooleanField(
        default=False,
        verbose_name="lead image is decorative",
        help_text="Tick when the image adds nothing the text does not say; screen readers then skip it.",
    )
    lead_image_credit = models.CharField(
        max_length=250,
        blank=True,
        help_text="Caption or credit shown under the image, e.g. 'Photo: Jane Doe'.",
    )

    lead_image_panels = [
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_image_alt"),
                FieldPanel("lead_image_decorative"),
                FieldPanel("lead_image_credit"),
            ],
            heading="Lead image",
        )
    ]

    class Meta:
        abstract = True

    @property
    def lead_alt_text(self):
        return "" if self.lead_image_decorative else self.lead_image_alt

    def clean(self):
        super().clean()
        errors = image_alt_errors(
            self.lead_image, self.lead_image_alt, self.lead_image_decorative, "lead_image"
        )
        if errors:
            raise ValidationError(errors)
