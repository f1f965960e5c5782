from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from core.blocks import LinkBlock
from core.cache.settings import SharedCacheSettingMixin


@register_setting(icon="list-ul")
class SiteSettings(SharedCacheSettingMixin, BaseSiteSetting):
    """Site-wide text editors change without a developer."""

    organization_name = models.CharField(
        max_length=120, default="Susan G. Komen", help_text="Shown in the footer and page metadata."
    )
    tagline = models.CharField(
        max_length=120,
        default="Breast cancer support, research and advocacy",
        blank=True,
        help_text="Follows the organization's name in the home page's title in search results.",
    )
    default_description = models.CharField(
        max_length=300,
        blank=True,
        default="Trusted breast cancer information, the Breast Care Helpline, local Affiliates and "
        "message boards for everyone affected by breast cancer.",
        help_text="The search-engine description of pages that have none of their own (search, sign-in, forms).",
    )
    default_social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when a page without an image of its own is shared on social media. 1200×630 pixels works best.",
    )
    footer_text = models.TextField(
        blank=True, max_length=500, help_text="A short statement shown in the footer."
    )
    footer_links = StreamField(
        [("link", LinkBlock())], blank=True, help_text="Links listed in the footer, in order."
    )

    perspective_disclaimer = models.CharField(
        max_length=300,
        default="Please note, the information in a Komen Perspective is only current as of its posting date. "
        "Some information may be out of date.",
        help_text="Shown on every perspective and next to every perspective teaser and listing.",
    )
    perspective_age_notice_years = models.PositiveSmallIntegerField(
        default=2,
        help_text="Perspectives at least this many years old also show a 'posted N years ago' notice. 0 turns it off.",
    )

    panels = [
        FieldPanel("organization_name"),
        MultiFieldPanel(
            [FieldPanel("tagline"), FieldPanel("default_description"), FieldPanel("default_social_image")],
            heading="Search engines and social sharing",
        ),
        FieldPanel("footer_text"),
        FieldPanel("footer_links"),
        MultiFieldPanel(
            [FieldPanel("perspective_disclaimer"), FieldPanel("perspective_age_notice_years")],
            heading="Komen Perspectives",
        ),
    ]

    class Meta:
        verbose_name = "site settings"
