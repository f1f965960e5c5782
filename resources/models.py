import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents import get_document_model_string
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from core.cache.settings import SharedCacheSettingMixin
from core.models import BasePage
from core.pagination import paginate
from resources import helpline, uploads
from resources.blocks import AudienceLandingStreamBlock, ResourceIntroStreamBlock


@register_setting(icon="mail")
class HelplineSettings(SharedCacheSettingMixin, ClusterableModel, BaseSiteSetting):
    """The Breast Care Helpline: one place for its number, email and hours."""

    name = models.CharField(max_length=80, default="Breast Care Helpline")
    display_number = models.CharField(
        max_length=60,
        default="1-877 GO KOMEN (1-877-465-6636)",
        help_text="The number as people read it, e.g. '1-877 GO KOMEN (1-877-465-6636)'.",
    )
    dial_number = models.CharField(
        max_length=20,
        default="+18774656636",
        help_text="Digits for the tap-to-call link, with country code, e.g. +18774656636.",
    )
    email = models.EmailField(
        blank=True, default="helpline@komen.org", help_text="The helpline's email address."
    )
    note = models.TextField(
        blank=True,
        max_length=400,
        help_text="A short description, e.g. 'Free, professional support for anyone with breast cancer questions.'",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("display_number"),
                FieldPanel("dial_number"),
                FieldPanel("email"),
            ],
            heading="Contact",
        ),
        FieldPanel("note"),
        InlinePanel("hours", heading="Opening hours (US Eastern time)", label="Opening hours"),
    ]

    class Meta:
        verbose_name = "helpline"

    def clean(self):
        super().clean()
        digits = self.dial_number.lstrip("+")
        if not digits.isdigit():
            raise ValidationError({"dial_number": "Use digits only, optionally starting with +."})

    @property
    def tel_href(self):
        return f"tel:{self.dial_number}"

    def opening_hours(self):
        # Settings are cached per request, so the footer and every helpline block on a page
        # share one query for the hours.
        if getattr(self, "_opening_hours", None) is None:
            self._opening_hours = [(h.weekday, h.opens, h.closes) for h in self.hours.all()]
        return self._opening_hours

    def save(self, *args, **kwargs):
        self._opening_hours = None
        return super().save(*args, **kwargs)

    def schedule_lines(self):
        return helpline.schedule_lines(self.opening_hours())

    def is_open(self, now=None):
        return helpline.is_open(self.opening_hours(), now)

    def status(self, now=None):
        return helpline.status(self.opening_hours(), now)


class HelplineHours(Orderable):
    setting = ParentalKey(HelplineSettings, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(choices=helpline.WEEKDAY_CHOICES)
    opens = models.TimeField(help_text="Opening time, US Eastern time.")
    closes = models.TimeField(help_text="Closing time, US Eastern time.")

    panels = [FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]

    class Meta(Orderable.Meta):
        verbose_name = "opening hours"
        verbose_name_plural = "opening hours"

    def clean(self):
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError({"closes": "Closing time must be after opening time."})


# --- Resources library -------------------------------------------------------------------


class ResourceType(models.TextChoices):
    FACT_SHEET = "fact_sheet", "Fact sheet"
    BOOKLET = "booklet", "Booklet"
    VIDEO = "video", "Video"
    WEB_TOOL = "web_tool", "Web tool"


class Audience(models.TextChoices):
    PATIENTS = "patients", "People with breast cancer"
    FAMILY = "family", "Family, friends and caregivers"
    PROFESSIONALS = "professionals", "Health professionals"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"
    CHINESE = "zh", "Chinese"
    VIETNAMESE = "vi", "Vietnamese"
    KOREAN = "ko", "Korean"
    TAGALOG = "tl", "Tagalog"
    ARABIC = "ar", "Arabic"


class ResourceTag(TaggedItemBase):
    content_object = ParentalKey("resources.Resource", on_delete=models.CASCADE, related_name="tagged_items")


class ResourceQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def available(self):
        """Resources a visitor can open: with a document or a link."""
        return self.filter(models.Q(document__isnull=False) | ~models.Q(url=""))

    def for_listing(self):
        # One query for the rows and their documents, one for all their topics.
        return self.select_related("document").prefetch_related("topics")


class Resource(index.Indexed, ClusterableModel):
    """An education material: a fact sheet, booklet, video or web tool."""

    title = models.CharField(max_length=160, help_text="The title as printed on the resource.")
    summary = models.TextField(
        max_length=500, help_text="One to three sentences saying what the resource covers and who it helps."
    )
    resource_type = models.CharField(
        "type", max_length=20, choices=ResourceType.choices, help_text="What kind of material this is."
    )
    topics = ClusterTaggableManager(
        through=ResourceTag,
        blank=True,
        help_text="Subjects it covers, e.g. 'metastatic breast cancer', 'treatment'. Reuse existing topics.",
    )
    audience = models.CharField(
        max_length=20,
        choices=Audience.choices,
        default=Audience.PATIENTS,
        help_text="Who it is written for.",
    )
    language = models.CharField(
        max_length=5, choices=Language.choices, default=Language.ENGLISH, help_text="The language it is in."
    )
    last_reviewed = models.DateField(help_text="When the content was last checked by a medical reviewer.")
    document = models.ForeignKey(
        get_document_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The file to download (PDF preferred). Leave empty if you give a link instead.",
    )
    url = models.URLField(
        "link",
        blank=True,
        max_length=500,
        help_text="For videos and web tools: the address to open. Leave empty if you upload a file.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResourceQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("resource_type"),
                FieldPanel("audience"),
                FieldPanel("language"),
                FieldPanel("topics"),
            ],
            heading="Describe it",
        ),
        MultiFieldPanel([FieldPanel("document"), FieldPanel("url")], heading="File or link (one of them)"),
        FieldPanel("last_reviewed"),
    ]

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("resource_type"),
        index.FilterField("audience"),
        index.FilterField("language"),
    ]

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["resource_type", "audience", "language"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Topics are committed after post_save has indexed the row: index again so topic
        # names are searchable from the first save.
        index.insert_or_update_object(self)

    def clean(self):
        super().clean()
        if self.document_id and self.url:
            raise ValidationError(
                {"url": "Give a file or a link, not both. Clear the link to use the uploaded file."}
            )
        if not self.document_id and not self.url:
            raise ValidationError({"document": "Choose a file to download, or enter a link below."})

    @property
    def href(self):
        return self.document.url if self.document_id else self.url

    @property
    def url_host(self):
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")

    @property
    def is_download(self):
        return bool(self.document_id)

    @property
    def format_label(self):
        """'PDF, 240 KB' for files; empty for links."""
        if not self.document_id:
            return ""
        doc = self.document
        label = uploads.format_label(doc.file.name)
        size = uploads.human_size(doc.file_size)
        return f"{label}, {size}" if size else label

    @property
    def review_due(self):
        return self.last_reviewed + dt.timedelta(days=REVIEW_INTERVAL_DAYS)


REVIEW_INTERVAL_DAYS = 730


# --- Pages ---------------------------------------------------------------------------------


class ResourceIndexPage(BasePage):
    """The resources library: every resource, with filters, keyword search and pagination."""

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
        from resources import library
        from resources.forms import ResourceFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = ResourceFilterForm(request.GET)
        filters = form.filters()
        results = library.find(filters)
        per_page = getattr(settings, "RESOURCES_PER_PAGE", 12)
        page_obj, elided_range = paginate(request, results, per_page)
        context.update(
            {
                "form": form,
                "filters": filters,
                "page_obj": page_obj,
                "resources": page_obj.object_list,
                "elided_range": elided_range,
            }
        )
        return context


class AudienceLandingPage(BasePage):
    """A section for one audience, e.g. 'Family and friends': its pages, chosen resources and
    the message board where they can talk with each other."""

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
