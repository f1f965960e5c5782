from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import FeaturedStreamBlock
from core.images import card_image_id, card_images
from core.models import BasePage
from core.models.mixins import LeadImageMixin

HERO_IMAGE_HELP = "Optional wide image at the top of the page (cropped to 3:1)."


class HomePage(LeadImageMixin, BasePage):
    """The hero's image is the lead image (`LeadImageMixin`): alt text required unless decorative."""

    hero_heading = models.CharField(max_length=120, help_text="The main heading at the top of the home page.")
    hero_text = models.TextField(blank=True, max_length=400, help_text="A sentence or two under the heading.")
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
                FieldPanel("lead_image", heading="Hero image", help_text=HERO_IMAGE_HELP),
                FieldPanel("lead_image_alt", heading="Hero image alt text"),
                FieldPanel("lead_image_decorative", heading="Hero image is decorative"),
                FieldPanel("lead_image_credit", heading="Hero image credit"),
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

    def get_social_image(self):
        """Shared on social media: the page's social image, else the hero's."""
        return self.social_image or self.lead_image

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
            card.image = images.get(card_image_id(card.target)) if card.target else None
