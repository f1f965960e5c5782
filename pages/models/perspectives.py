import functools

from django import forms
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import get_language
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.search import index

from core.images import attach_card_images
from core.models import BasePage
from core.models.mixins import LeadImageMixin
from core.pagination import paginate
from pages.blocks import PerspectiveStreamBlock
from pages.feeds import PerspectiveFeed
from pages.notices import perspective_notice

from .glossary import GlossaryMarkupMixin
from .health import CitedContentMixin, ContentsListMixin
from .readability import ReadabilityMixin, ReadabilityPanel
from .settings import SiteSettings
from .taxonomy import (
    TOPICS_FOLLOW_THE_SOURCE,
    HealthTopic,
    TopicsFollowTheSourceMixin,
    TopicsInPageLanguageForm,
    localize,
)

PERSPECTIVES_PER_PAGE = 10
RELATED_PERSPECTIVES = 3


class PerspectiveIndexPage(RoutablePageMixin, BasePage):
    """'Komen Perspectives': dated opinion pieces, newest first, with year archives and a feed."""

    intro = models.TextField(blank=True, max_length=600, help_text="Introduces Komen Perspectives.")

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.PerspectivePage"]
    max_count = 1
    page_description = "The list of Komen Perspectives, with year archives and an RSS feed."

    def perspectives(self):
        return (
            PerspectivePage.objects.child_of(self)
            .live()
            .public()
            .order_by("-posting_date", "-pk")
            .defer_streamfields()
            .prefetch_related("topics")
        )

    def years(self):
        return [
            d.year
            for d in PerspectivePage.objects.child_of(self)
            .live()
            .public()
            .dates("posting_date", "year", order="DESC")
        ]

    @staticmethod
    def listing_key(request, year, topic):
        """What a page of the listing depends on, for the shared cache (year, topic, page
        number); None when the URL has other parameters, which the pagination links would
        carry, or a page number no listing has (rendered each time, never stored)."""
        if set(request.GET) - {"topic", "page"}:
            return None
        number = request.GET.get("page", "")
        if number and not (number.isdigit() and len(number) <= 4):
            return None
        return f"{year or ''}|{topic.slug if topic else ''}|{number}"

    def render_listing(self, request, queryset, *, year=None, topic=None):
        """`queryset`: a callable returning the perspectives to list (`public()` reads the view
        restrictions when called, so a listing from the cache skips it)."""

        @functools.cache
        def listing():
            page_obj, elided_range = paginate(request, queryset(), PERSPECTIVES_PER_PAGE)
            # Each perspective's lead (else social) image with its renditions, in two queries.
            page_obj.object_list = attach_card_images(list(page_obj.object_list))
            return page_obj, elided_range

        return self.render(
            request,
            context_overrides={
                # Read when the template first asks (a callable in the context is called by
                # the template engine): the listing fragment is kept per listing_key and
                # generation, so most renders ask for nothing.
                "listing_key": self.listing_key(request, year, topic),
                "page_obj": lambda: listing()[0],
                "elided_range": lambda: listing()[1],
                "year": year,
                "topic": topic,
                # Lazy: read only when the filters fragment is not already in the cache (it
                # changes only when perspectives are published).
                "years": SimpleLazyObject(self.years),
                "topics": SimpleLazyObject(
                    lambda: HealthTopic.objects.filter(perspectives__in=self.perspectives()).localized(
                        self.locale_id
                    )
                ),
            },
        )

    @path("")
    def index_route(self, request):
        topic = None
        slug = request.GET.get("topic", "").strip()
        if slug:
            # By the slug in this page's language; another language's slug (a link from the
            # other language) finds the same topic, shown in this language.
            topic = HealthTopic.objects.by_slug(slug, self.locale_id)
            if topic is None:
                raise Http404("No such topic")

        def queryset():
            perspectives = self.perspectives()
            if topic is None:
                return perspectives
            # Tagged with the topic in any language (a translation keeps its source's topics).
            return perspectives.filter(pk__in=topic.tagged("perspectives", self.locale_id).values("pk"))

        return self.render_listing(request, queryset, topic=topic)

    @re_path(r"^(?P<year>\d{4})/$", name="year")
    def year_route(self, request, year):
        year = int(year)
        queryset = self.perspectives().filter(posting_date__year=year)
        if not queryset.exists():
            raise Http404("No perspectives that year")
        return self.render_listing(request, lambda: queryset, year=year)

    @path("feed/", name="feed")
    def feed_route(self, request):
        return PerspectiveFeed(self, disclaimer_for(request))(request)


def disclaimer_for(request):
    """The 'current as of posting' disclaimer of the request's site, in the active language
    (the URL's: /es/ pages get the Spanish text)."""
    return SiteSettings.for_request(request).perspective_disclaimer_text


class PerspectivePage(
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

    posting_date = models.DateField(
        blank=True,
        help_text="The date readers see. Leave empty to use the date it is first published. "
        "The page says its information is only current as of this date.",
    )
    author = models.CharField(
        max_length=120, help_text="Who wrote it, e.g. a name and role, or 'Susan G. Komen'."
    )
    summary = models.TextField(
        max_length=600, help_text="A short summary shown under the title and in listings."
    )
    body = StreamField(PerspectiveStreamBlock(), help_text="The perspective itself.")
    topics = ParentalManyToManyField(
        "pages.HealthTopic",
        blank=True,
        related_name="perspectives",
        help_text="Used for topic filters and listings.",
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel([FieldPanel("posting_date"), FieldPanel("author")], heading="Byline"),
        FieldPanel("summary"),
        *LeadImageMixin.lead_image_panels,
        FieldPanel("body"),
        *GlossaryMarkupMixin.glossary_panels,
        ReadabilityPanel(),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=1.5),
        index.SearchField("body"),
        index.SearchField("author"),
        index.FilterField("posting_date"),
    ]

    parent_page_types = ["pages.PerspectiveIndexPage"]
    subpage_types = []
    page_description = "A dated opinion piece. It always shows its posting date and a 'current as of' note."

    override_translatable_fields = [TOPICS_FOLLOW_THE_SOURCE]
    base_form_class = TopicsInPageLanguageForm

    # Listings show the dated notice for any item that says it is a perspective.
    is_perspective = True

    class Meta:
        verbose_name = "Komen Perspective"

    def save(self, *args, **kwargs):
        if not self.posting_date:
            first = self.first_published_at or (timezone.now() if self.live else None)
            self.posting_date = timezone.localdate(first) if first else timezone.localdate()
        super().save(*args, **kwargs)

    def get_listing_summary(self):
        return self.listing_summary or self.summary

    @cached_property
    def age_in_years(self):
        today = timezone.localdate()
        years = today.year - self.posting_date.year
        if (today.month, today.day) < (self.posting_date.month, self.posting_date.day):
            years -= 1
        return max(years, 0)

    def related_perspectives(self, limit=RELATED_PERSPECTIVES, topics=None):
        """Up to `limit` other live, public perspectives in this page's language: those sharing
        the most topics first, then the latest. Pass `topics` if already loaded. Each carries
        `card_image` with its renditions: at most four queries whatever the numbers."""
        candidates = (
            PerspectivePage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .defer_streamfields()
        )
        # Pages may point at a topic in either language: topics match by translation key.
        keys = [topic.translation_key for topic in (self.topics.all() if topics is None else topics)]
        related = []
        if keys:
            related = list(
                candidates.filter(topics__translation_key__in=keys)
                .annotate(shared=models.Count("topics"))
                .order_by("-shared", "-posting_date", "-pk")[:limit]
            )
        if len(related) < limit:
            related += candidates.exclude(pk__in=[p.pk for p in related]).order_by("-posting_date", "-pk")[
                : limit - len(related)
            ]
        return attach_card_images(related)

    def pages_showing_this(self):
        """Pages outside this one's ancestors that show it, for the CDN purge
        (core/cache/purge.py): any perspective in its language may list it as related (topics
        first, then the latest), so all of them."""
        return PerspectivePage.objects.live().filter(locale_id=self.locale_id).exclude(pk=self.pk)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Loaded only when the topics fragment is rendered, not when it comes from the cache.
        context["topics"] = functools.cache(lambda: localize(self.topics.all(), self.locale_id))
        context["related_perspectives"] = functools.cache(
            lambda: self.related_perspectives(topics=context["topics"]())
        )
        context["og_description"] = self.notice_description(request)
        return context

    def notice_description(self, request):
        """The meta description followed by the dated disclaimer (JSON-LD and social shares)."""
        notice = perspective_notice(self, disclaimer_for(request)) if request else ""
        return f"{self.get_meta_description() or self.summary} {notice}".strip()

    def get_structured_data(self, request=None):
        data = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": self.get_meta_title(),
            "description": self.notice_description(request),
            "url": self.get_full_url(request),
            "datePublished": self.posting_date.isoformat(),
            # Pages are served in their locale's language (the URL prefix decides both).
            "inLanguage": get_language(),
            "author": {
                "@type": "Person" if "komen" not in self.author.lower() else "Organization",
                "name": self.author,
            },
        }
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        return data
