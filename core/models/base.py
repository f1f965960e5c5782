from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from core.cache import site_roots
from core.cache.pagecache import current_request

from .mixins import ListingMixin, SocialMixin


class BasePage(ListingMixin, SocialMixin, Page):
    """Every public page type inherits SEO, social and listing fields from here."""

    search_fields = Page.search_fields + [
        index.SearchField("listing_summary", boost=1.5),
        index.SearchField("search_description"),
    ]
    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description")],
            heading="For search engines",
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading="For site menus"),
        MultiFieldPanel(
            [FieldPanel("listing_summary"), FieldPanel("social_image")],
            heading="Listings and social sharing",
        ),
    ]

    # Set by the route cache (core/cache/routing.py) on the page it routed to when it recorded
    # that no view restriction applies to the page or its ancestors.
    known_unrestricted = False

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        if self.known_unrestricted:
            # An empty queryset already evaluated: Wagtail's serve hook iterates it on every
            # page, and iterating `.none()` compiles it first (~80 µs, issue 15). Filtering it
            # still gives a queryset of nothing; `.exists()` and `len()` read the empty result.
            nothing = PageViewRestriction.objects.none()
            nothing._result_cache, nothing._prefetch_done = [], True
            return nothing
        return super().get_view_restrictions()

    @property
    def page_type_label(self):
        """'app_label.modelname', on the page's <body> so tools (scripts/lighthouse_pages.py)
        can tell which page type a URL serves."""
        return self._meta.label_lower

    def _get_site_root_paths(self, request=None):
        # `page.url` and `page.full_url` pass no request: use the one being served, so the
        # site root paths are read once per request, not once per URL, and from this thread's
        # copy while it is fresh (core.cache.site_roots) rather than from Redis.
        # Wagtail keeps them on the request under this attribute: it is seeded here.
        request = request if request is not None else current_request.get()
        if request is not None and not hasattr(request, "_wagtail_cached_site_root_paths"):
            request._wagtail_cached_site_root_paths = site_roots.site_root_paths()
        return super()._get_site_root_paths(request)

    def get_meta_title(self):
        return self.seo_title or self.title

    # Fields a page type may have that describe it well enough for search engines when the
    # editor wrote neither a search description nor a listing summary, in order of preference.
    META_DESCRIPTION_FALLBACKS = ("summary", "intro", "hero_text", "description")
    META_DESCRIPTION_MAX_LENGTH = 160

    def get_meta_description(self):
        if self.search_description or self.listing_summary:
            return self.search_description or self.listing_summary
        for name in self.META_DESCRIPTION_FALLBACKS:
            value = getattr(self, name, None)
            # Only plain and rich text fields: StreamField intros are skipped.
            if isinstance(value, str):
                text = " ".join(strip_tags(value).split())
                if text:
                    return Truncator(text).chars(self.META_DESCRIPTION_MAX_LENGTH)
        return ""

    def get_social_image(self):
        """The image shared on social media (the home page falls back to its hero image)."""
        return self.social_image
