from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.models import BasePage

from .readability import ReadabilityMixin, ReadabilityPanel


class StandardPage(ReadabilityMixin, BasePage):
    readability_fields = ("intro",)
    accepts_feedback = True

    intro = models.TextField(blank=True, max_length=500, help_text="A short lead paragraph under the title.")
    body = StreamField(BaseStreamBlock(), blank=True, help_text="The page content.")

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body"), ReadabilityPanel()]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    subpage_types = ["pages.StandardPage"]
    page_description = "A general information page, e.g. 'About us' or 'Contact'."
