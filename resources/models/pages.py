"""The library's page and the audience landing pages (Family and friends)."""

import functools

from django.conf import settings
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.models import BasePage
from core.pagination import paginate
from resources.blocks import AudienceLandingStreamBlock, ResourceIntroStreamBlock
from resources.choices import Audience
from resources.forms import ResourceFilterForm
from resources.models.library import Resource


class ResourceIndexPage(BasePage):
    """The resources library: every resource, with filters, keyword search and pagination."""

    accepts_feedback = True  # "Was this page helpful?" (pages.feedback)

    intro = StreamField(
        ResourceIntroStreamBlock(),
        blank=True,
        help_text="Shown above the list: a short introduction, and a helpline box if you like.",
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1
    page_description = (
        "The fact sheets and booklets library. Resources themselves are edited under Resources."
    )

    class Meta:
        verbose_name = "resource index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        per_page = getattr(settings, "RESOURCES_PER_PAGE", 12)
        # The form, the filters and the results are built when the template first asks (a
        # callable in the context is called by the template engine): the filter form and the
        # page of results are kept in the shared cache per filters, page number and generation
        # ("listing_key"), so most renders ask for nothing. The plain library's key is known
        # without building the form.
        form = functools.cache(lambda: ResourceFilterForm(request.GET))
        filters = functools.cache(lambda: form().filters())
        page = functools.cache(lambda: paginate(request, Resource.objects.find(filters()), per_page))
        context.update(
            {
                "form": form,
                "filters": filters,
                "listing_key": form().listing_key() if request.GET else ResourceFilterForm.UNFILTERED_KEY,
                "page_obj": lambda: page()[0],
                "resources": lambda: page()[0].object_list,
                "elided_range": lambda: page()[1],
            }
        )
        return context


class AudienceLandingPage(BasePage):
    """A section for one audience, e.g. 'Family and friends': its pages, chosen resources and
    the message board where they can talk with each other."""

    accepts_feedback = True  # "Was this page helpful?" (pages.feedback)

    audience = models.CharField(
        max_length=20,
        choices=Audience.choices,
        blank=True,
        help_text="Who this section is for. Adds a link to the library filtered for them.",
    )
    intro = models.TextField(blank=True, max_length=500, help_text="A short lead paragraph under the title.")
    body = StreamField(
        AudienceLandingStreamBlock(), blank=True, help_text="Any extra content, e.g. a helpline box."
    )
    message_board = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The message board for this audience, e.g. the caregivers' board.",
    )
    message_board_text = models.CharField(
        max_length=200,
        blank=True,
        default="Talk with other caregivers who understand what you are going through.",
        help_text="One sentence shown with the message board link.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("audience"),
        FieldPanel("intro"),
        InlinePanel("chosen_resources", heading="Resources", label="Resource"),
        MultiFieldPanel(
            [FieldPanel("message_board"), FieldPanel("message_board_text")], heading="Message board"
        ),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.StandardPage"]
    page_description = (
        "A section for one audience, e.g. 'Family and friends', gathering its pages and resources."
    )

    class Meta:
        verbose_name = "audience landing page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["child_pages"] = list(self.get_children().live().public().specific())
        context["chosen_resources"] = [
            choice.resource
            for choice in self.chosen_resources.select_related("resource", "resource__document")
        ]
        board = self.message_board
        context["message_board"] = board if board is not None and board.live else None
        context["library"] = ResourceIndexPage.objects.live().first()
        return context


class AudienceLandingResource(Orderable):
    page = ParentalKey(AudienceLandingPage, on_delete=models.CASCADE, related_name="chosen_resources")
    resource = models.ForeignKey(
        Resource,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A resource to feature in this section.",
    )

    panels = [FieldPanel("resource")]

    class Meta(Orderable.Meta):
        verbose_name = "chosen resource"
