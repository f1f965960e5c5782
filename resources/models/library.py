"""The resources library: the Resource snippet and its topics."""

import datetime as dt
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from resources import uploads
from resources.choices import Audience, Language, ResourceType

# A library holds hundreds of resources, not millions: ranking this many keeps every match
# reachable while bounding the work one search can cause.
MAX_SEARCH_MATCHES = 1000


class ResourceTag(TaggedItemBase):
    content_object = ParentalKey("resources.Resource", on_delete=models.CASCADE, related_name="tagged_items")


class ResourceQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def available(self):
        """Resources a visitor can open: with a document or a link."""
        return self.filter(models.Q(document__isnull=False) | ~models.Q(url=""))

    def for_listing(self):
        # One query for the rows and their documents, one for all their topics.
        return self.select_related("document").prefetch_related("topics")

    def filtered(self, filters):
        """Available resources matching the choices of `filters` (resources.filters.Filters)."""
        qs = self.available()
        if filters.resource_type:
            qs = qs.filter(resource_type=filters.resource_type)
        if filters.audience:
            qs = qs.filter(audience=filters.audience)
        if filters.language:
            qs = qs.filter(language=filters.language)
        if filters.topic:
            qs = qs.filter(topics__slug=filters.topic)
        return qs

    def ranked_ids(self, query, limit=MAX_SEARCH_MATCHES):
        """Primary keys of resources matching `query`, best first (one query)."""
        return [obj.pk for obj in self.only("pk").search(query, operator="and")[:limit]]

    def find(self, filters):
        """Resources matching `filters`, ordered for display (best match first when searching).

        A queryset a Paginator can slice; each page loads its rows with their documents in
        one query and all their topics in one more.
        """
        qs = self.filtered(filters).for_listing()
        if not filters.query:
            return qs.order_by("title", "pk")
        ids = self.model.objects.ranked_ids(filters.query)
        if not ids:
            return qs.none()
        rank = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)], output_field=IntegerField())
        return qs.filter(pk__in=ids).annotate(rank=rank).order_by("rank")


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
