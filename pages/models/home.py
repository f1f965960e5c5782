from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import FeaturedStreamBlock
from core.images import card_images, image_alt_errors
from core.models import BasePage


class HomePage(BasePage):
    hero_heading = models.CharField(max_length=120, help_text="The main heading at the top of the home page.")
    hero_text = models.TextField(blank=True, max_length=400, help_text="A sentence or two under the heading.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional wide image at the top of the page (cropped to 3:1).",
    )
    hero_image_alt = models.CharField(
        max_length=250,
        blank=True,
        verbose_name="hero image alt text",
        help_text="What the image shows, for people who cannot see it. Required unless the image is decorative.",
    )
    hero_image_decorative = models.BooleanField(
        default=False,
        verbose_name="hero image is decorative",
        help_text="Tick when the image adds nothing the text does not say; screen readers then skip it.",
    )
    hero_image_credit = models.CharField(
        max_length=250,
        blank=True,
        help_text="Caption or credit shown under the image, e.g. 'Photo: Jane Doe'.",
    )
    hero_link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the hero's button goes.",
    )
    hero_link_label = models.CharField(
        max_length=60, blank=True, help_text="Button text, e.g. 'Find support'. Defaults to the page title."
    )
    featured = StreamField(
        FeaturedStreamBlock(),
        blank=True,
        help_text="Cards promoting pages, in the order shown.",
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
                FieldPanel("hero_image_decorative"),
                FieldPanel("hero_image_credit"),
                FieldPanel("hero_link_page"),
                FieldPanel("hero_link_label"),
            ],
            heading="Hero",
        ),
        FieldPanel("featured"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("hero_text")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    page_description = "The site's home page. There is only one."

    class Meta:
        verbose_name = "home page"

    @property
    def hero_alt_text(self):
        return "" if self.hero_image_decorative else self.hero_image_alt

    def clean(self):
        super().clean()
        errors = image_alt_errors(
            self.hero_image, self.hero_image_alt, self.hero_image_decorative, "hero_image"
        )
        if errors:
            raise ValidationError(errors)

    def prepare_featured(self):
        """Featured cards need each page's specific fields (listing summary) and card image:
        load them together, one query per page type and one for all images with their
        renditions, rather than several per card. Called by the template's `cached_stream`
        only when it renders the cards (not when they come from the cache)."""
        cards = [child.value for child in self.featured if child.block_type == "featured_page"]
        ids = [card["page"].pk for card in cards if card["page"]]
        specific = Page.objects.live().public().filter(pk__in=ids).specific().in_bulk()
        images = card_images(specific.values())
        for card in cards:
            card.target = specific.get(card["page"].pk) if card["page"] else None
            card.image = images.get(getattr(card.target, "social_image_id", None))
