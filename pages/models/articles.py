import functools

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import PagePermissionTester
from wagtail.search import index
from wagtail_localize.fields import BaseTranslatableField

from core.blocks import BaseStreamBlock
from core.images import attach_card_images
from core.models import BasePage
from core.models.mixins import LeadImageMixin
from pages.blocks import ArticleStreamBlock
from pages.review import DEFAULT_REVIEW_INTERVAL_MONTHS, add_months, latest_allowed_last_reviewed
from pages.workflows import REVIEWERS_GROUP

from .glossary import GlossaryMarkupMixin
from .health import CitedContentMixin, ContentsListMixin
from .readability import ReadabilityMixin, ReadabilityPanel
from .reviewers import Reviewer
from .reviewers_page import MedicalReviewersPage
from .taxonomy import TOPICS_FOLLOW_THE_SOURCE, TopicsFollowTheSourceMixin, TopicsInPageLanguageForm, localize
from .topics_page import TopicIndexPage


class ConditionIndexPage(BasePage):
    """A condition area, e.g. 'Metastatic Breast Cancer', listing its articles."""

    intro = models.TextField(blank=True, max_length=600, help_text="Introduces the condition area.")
    body = StreamField(
        BaseStreamBlock(), blank=True, help_text="Optional content above the list of articles."
    )
    review_interval_months = models.PositiveSmallIntegerField(
        default=DEFAULT_REVIEW_INTERVAL_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="How long an approved medical review of an article in this section stays current.",
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    settings_panels = BasePage.settings_panels + [FieldPanel("review_interval_months")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["pages.HomePage", "pages.ConditionIndexPage"]
    subpage_types = ["pages.ConditionArticlePage", "pages.ConditionIndexPage"]
    page_description = "A condition area (e.g. 'Metastatic Breast Cancer') that groups its articles."

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Card images with their renditions in two queries, whatever the number of cards.
        with_images = ("social_image",)
        context["articles"] = (
            ConditionArticlePage.objects.child_of(self)
            .live()
            .public()
            .order_by("path")
            .select_related(*with_images)
            .prefetch_related("social_image__renditions")
        )
        context["sections"] = (
            ConditionIndexPage.objects.child_of(self)
            .live()
            .public()
            .select_related(*with_images)
            .prefetch_related("social_image__renditions")
        )
        return context


class ConditionArticleForm(TopicsInPageLanguageForm):
    """Editors cannot claim a review later than the last approved 'Medical review'."""

    def clean_last_reviewed(self):
        value = self.cleaned_data.get("last_reviewed")
        if value is None:
            return value
        page = self.instance
        stored = (
            ConditionArticlePage.objects.filter(pk=page.pk).values_list("last_reviewed", flat=True).first()
            if page.pk
            else None
        )
        allowed = latest_allowed_last_reviewed(page, stored)
        if allowed is None:
            raise ValidationError(
                "No medical review has been approved yet. Leave this empty: it is set when a "
                "medical reviewer approves the article."
            )
        if value > allowed:
            raise ValidationError(
                f"This can't be later than the last approved medical review ({date_format(allowed, 'F j, Y')}). "
                "It is set when a medical reviewer approves the article."
            )
        return value


# The medical review record belongs to each language version: a translation is reviewed on its
# own (its own 'Medical review' approval), so wagtail-localize neither translates nor copies it
# from the source, and a new translation (like any copy) starts with no review.
REVIEW_RECORD_FIELDS = ("last_reviewed", "next_review_due", "reviewer", "reviewed_by")


class ArticlePermissionTester(PagePermissionTester):
    """Only medical reviewers, and administrators, may publish a condition article."""

    def can_publish(self):
        if not super().can_publish():
            return False
        return self.user.is_superuser or self.user.groups.filter(name=REVIEWERS_GROUP).exists()


class ConditionArticlePage(
    ReadabilityMixin,
    CitedContentMixin,
    ContentsListMixin,
    GlossaryMarkupMixin,
    LeadImageMixin,
    TopicsFollowTheSourceMixin,
    BasePage,
):
    readability_fields = ("summary",)
    accepts_feedback = True

    summary = models.TextField(
        max_length=600, help_text="A plain-language summary shown under the title and in listings."
    )
    body = StreamField(ArticleStreamBlock(), help_text="Sections, statistics, links and support options.")
    topics = ParentalManyToManyField(
        "pages.HealthTopic",
        blank=True,
        related_name="articles",
        help_text="Used for topic listings and related articles.",
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="When a medical reviewer last approved this article. Set by the 'Medical review' "
        "approval; it can't be later than that approval.",
    )
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="When the next medical review is due. Set from the section's review interval "
        "when a reviewer approves.",
    )
    reviewer = models.ForeignKey(
        Reviewer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="The medical reviewer who approved the last review. Set by the approval.",
    )
    reviewed_by = models.CharField(
        max_length=200,
        blank=True,
        help_text="Reviewing body when no named reviewer approved, e.g. 'Komen Scientific Advisory Board'.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        *LeadImageMixin.lead_image_panels,
        FieldPanel("body"),
        *GlossaryMarkupMixin.glossary_panels,
        ReadabilityPanel(),
        MultiFieldPanel(
            [
                FieldPanel("last_reviewed"),
                FieldPanel("next_review_due"),
                FieldPanel("reviewer", read_only=True),
                FieldPanel("reviewed_by"),
            ],
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

    override_translatable_fields = [
        *(BaseTranslatableField(name) for name in REVIEW_RECORD_FIELDS),
        TOPICS_FOLLOW_THE_SOURCE,
    ]
    exclude_fields_in_copy = list(REVIEW_RECORD_FIELDS)

    parent_page_types = ["pages.ConditionIndexPage"]
    subpage_types = []
    page_description = "A medically reviewed article about a condition, with numbered sources."
    base_form_class = ConditionArticleForm

    class Meta:
        verbose_name = "condition article"

    def permissions_for_user(self, user):
        return ArticlePermissionTester(user, self)

    def review_interval_months(self):
        parent = self.get_parent() if self.path else None
        interval = getattr(parent.specific if parent else None, "review_interval_months", None)
        return interval or DEFAULT_REVIEW_INTERVAL_MONTHS

    def default_next_review_due(self):
        """ "Next review due" left empty: the last review plus the section's review interval."""
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = add_months(self.last_reviewed, self.review_interval_months())

    def clean(self):
        super().clean()
        self.default_next_review_due()
        if self.last_reviewed and self.next_review_due and self.next_review_due <= self.last_reviewed:
            raise ValidationError({"next_review_due": "The next review must be after the last review."})

    def save(self, *args, **kwargs):
        self.default_next_review_due()  # also when saved without clean() (imports, the workflow)
        super().save(*args, **kwargs)

    def record_review(self, task_state, user):
        """Write an approved 'Medical review' onto the article: date, reviewer, next review due.

        Runs after Wagtail has acted on the approval (and published the page when it was the
        last task), so the live row and the revisions editors open next both carry the record.
        """
        reviewed_on = timezone.localdate(task_state.finished_at or timezone.now())
        reviewer = Reviewer.objects.filter(user=user, active=True).first() if user else None
        values = {
            "last_reviewed": reviewed_on,
            "next_review_due": add_months(reviewed_on, self.review_interval_months()),
            "reviewer": reviewer,
        }
        revision_ids = {task_state.revision_id, self.latest_revision_id} - {None}
        for revision in self.revisions.filter(pk__in=revision_ids):
            revision.content.update(
                last_reviewed=reviewed_on.isoformat(),
                next_review_due=values["next_review_due"].isoformat(),
                reviewer=reviewer.pk if reviewer else None,
            )
            revision.save(update_fields=["content"])
        if self.live and self.live_revision_id in revision_ids:
            ConditionArticlePage.objects.filter(pk=self.pk).update(**values)
        for name, value in values.items():
            setattr(self, name, value)

    def get_listing_summary(self):
        return self.listing_summary or self.summary

    @property
    def review_overdue(self):
        return self.next_review_due is not None and self.next_review_due < timezone.localdate()

    @property
    def days_overdue(self):
        """Days since the next review fell due (negative: due in that many days); None if never reviewed."""
        if self.next_review_due is None:
            return None
        return (timezone.localdate() - self.next_review_due).days

    def related_articles(self, limit=3, topics=None):
        """Live public articles in this page's language sharing the most topics; pass `topics`
        if already loaded."""
        # Pages may point at a topic in either language: topics match by translation key.
        keys = [topic.translation_key for topic in (self.topics.all() if topics is None else topics)]
        if not keys:
            return ConditionArticlePage.objects.none()
        return (
            ConditionArticlePage.objects.live()
            .public()
            .filter(locale_id=self.locale_id, topics__translation_key__in=keys)
            .exclude(pk=self.pk)
            .defer_streamfields()
            .annotate(shared=models.Count("topics"))
            .order_by("-shared", "title")[:limit]
        )

    def topic_index(self):
        """The topics page in this page's language, else the default language's (one query)."""
        return (
            TopicIndexPage.objects.live()
            .annotate(other_language=Case(When(locale_id=self.locale_id, then=0), default=1))
            .order_by("other_language", "path")
            .first()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Loaded when the template first asks (a callable in the context is called by the
        # template engine, once each thanks to the cache): the fragments that show them are
        # kept per revision and generation (`sitewide_fragment`), so most renders ask for none.
        topics = functools.cache(lambda: localize(self.topics.all(), self.locale_id))
        context["topics"] = topics
        # Shown as cards with their lead (else social) image: two queries for the images.
        context["related_articles"] = functools.cache(
            lambda: attach_card_images(list(self.related_articles(topics=topics())))
        )
        context["reviewers_page"] = functools.cache(
            lambda: MedicalReviewersPage.objects.live().first() if self.reviewer_id else None
        )
        context["topic_index"] = functools.cache(lambda: self.topic_index() if topics() else None)
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
            # Pages are served in their locale's language (the URL prefix decides both).
            "inLanguage": get_language(),
            "audience": {"@type": "PeopleAudience", "audienceType": "Patient"},
            "about": {"@type": "MedicalCondition", "name": self.get_parent().title},
        }
        if self.last_reviewed:
            data["lastReviewed"] = self.last_reviewed.isoformat()
        if self.reviewer:
            data["reviewedBy"] = {
                "@type": "Person",
                "name": self.reviewer.name,
                "jobTitle": self.reviewer.credentials,
            }
        elif self.reviewed_by:
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
