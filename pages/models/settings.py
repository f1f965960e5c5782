from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from pages.blocks import LinkBlock


@register_setting(icon="list-ul")
class SiteSettings(BaseSiteSetting):
    """Site-wide text editors change without a developer."""

    organization_name = models.CharField(
        max_length=120, default="Susan G. Komen", help_text="Shown in the footer and page metadata."
    )
    footer_text = models.TextField(
        blank=True, max_length=500, help_text="A short statement shown in the footer."
    )
    footer_links = StreamField(
        [("link", LinkBlock())], blank=True, help_text="Links listed in the footer, in order."
    )

    panels = [FieldPanel("organization_name"), FieldPanel("footer_text"), FieldPanel("footer_links")]

    class Meta:
        verbose_name = "site settings"
