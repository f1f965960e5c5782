import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.models import BasePage
from pages.blocks import ArticleStreamBlock

from .health import CitedContentMixin

DEFAULT_REVIEW_INTERVAL = datetime.timedelta(days=365)


class ConditionIndexPage(BasePage):
    """A condition area, e.g. 'Metastatic Breast Cancer', listing its articles."""

    intro = models.TextField(blank=True, max_length=600, help_text="Introduces the condition area.")
    body = StreamField(
        BaseStreamBlock(), blank=True, help_text="Optional content above the list of articles."
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["pages.HomePage", "pages.ConditionIndexPage"]
    subpage_types = ["pages.ConditionArticlePage", "pages.ConditionIndexPage"]
    page_description = "A condition area (e.g. 'Metastatic Breast Cancer') that groups its articles."

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = ConditionArticlePage.objects.child_of(self).live().public().order_by("path")
        context["sections"] = ConditionIndexPage.objects.child_of(self).live().public()
        return context


class ConditionArticlePage(CitedContentMixin, BasePage):
    summary = models.TextField(
        max_length=600, help_text="A plain-language summary shown under the title and in listings."
    )
    body = StreamField(ArticleStreamBlock(), help_text="Sections, statistics, links and support options.")
    topics = ParentalManyToManyField(
        "pages.Topic",
        blank=True,
        related_name="articles",
        help_text="Used for topic listings and related articles.",
    )
    last_reviewed = models.DateField(
        default=timezone.localdate, help_text="When a medical reviewer last checked this article."
    )
    next_review_due = models.DateField(
        blank=True, help_text="When the next medical review is due. Defaults to a year after the last review."
    )
    reviewed_by = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who reviewed it, e.g. 'Komen Scientific Advisory Board'. Optional.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("last_reviewed"), FieldPanel("next_review_due"), FieldPanel("reviewed_by")],
            heading="Medical review",
        ),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=1.5),
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("next_review_due"),
    ]

    parent_page_types = ["pages.ConditionIndexPage"]
    subpage_types = []
    page_description = "A medically reviewed article about a condition, with numbered sources."

    class Meta:
        verbose_name = "condition article"

    def clean(self):
        super().clean()
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = self.last_reviewed + DEFAULT_REVIEW_INTERVAL
        if self.last_reviewed and self.next_review_due and self.next_review_due <= self.last_reviewed:
            raise ValidationError({"next_review_due": "The next review must be after the last review."})

    def save(self, *args, **kwargs):
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = self.last_reviewed + DEFAULT_REVIEW_INTERVAL
        super().save(*args, **kwargs)

    def get_listing_summary(self):
        return self.listing_summary or self.summary

    @property
    def review_overdue(self):
        return self.next_review_due is not None and self.next_review_due < timezone.localdate()

    def related_articles(self, limit=3, topics=None):
        """Live public articles sharing the most topics; pass `topics` if already loaded."""
        topic_ids = [topic.pk for topic in (self.topics.all() if topics is None else topics)]
        if not topic_ids:
            return ConditionArticlePage.objects.none()
        return (
            ConditionArticlePage.objects.live()
            .public()
            .filter(topics__in=topic_ids)
            .exclude(pk=self.pk)
            .annotate(shared=models.Count("topics"))
            .order_by("-shared", "title")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = list(self.topics.all())
        context["related_articles"] = list(self.related_articles(topics=context["topics"]))
        from .topics_page import TopicIndexPage

        context["topic_index"] = TopicIndexPage.objects.live().first() if context["topics"] else None
        return context

    def get_structured_data(self, request=None):
        sources = self.citation_index.sources
        data = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": self.title,
            "headline": self.get_meta_title(),
            "description": self.get_meta_description() or self.summary,
            "url": self.get_full_url(request),
            "lastReviewed": self.last_reviewed.isoformat(),
            # Pages are served in their locale's language (the URL prefix decides both).
            "inLanguage": get_language(),
            "audience": {"@type": "PeopleAudience", "audienceType": "Patient"},
            "about": {"@type": "MedicalCondition", "name": self.get_parent().title},
        }
        if self.reviewed_by:
            data["reviewedBy"] = {"@type": "Organization", "name": self.reviewed_by}
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        if sources:
            data["citation"] = [
                {
                    "@type": "CreativeWork",
                    "name": entry.source.title,
                    "publisher": entry.source.publisher,
                    "datePublished": str(entry.source.year),
                    **({"url": entry.source.link} if entry.source.link else {}),
                }
                for entry in sources
            ]
        return data
