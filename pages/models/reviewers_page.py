from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from core.models import BasePage

from .reviewers import Reviewer


class MedicalReviewersPage(BasePage):
    """'Our medical reviewers': the active named reviewers, linked from every reviewed article."""

    intro = models.TextField(
        blank=True, max_length=600, help_text="How medical review works, shown above the list."
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = []
    max_count = 1
    page_description = "Lists the active medical reviewers (Health content → Medical reviewers)."

    class Meta:
        verbose_name = "medical reviewers page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["reviewers"] = Reviewer.objects.filter(active=True).select_related("photo")
        return context
