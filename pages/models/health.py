"""Shared behaviour of health content: citations, topics and structured data."""

from django.utils.functional import SimpleLazyObject, cached_property

from core.blocks import SectionAnchors, heading_sections
from pages.citations import CitationIndex, iter_rich_text

from .taxonomy import Source


class CitedContentMixin:
    """Pages with a `body` StreamField that may cite `Source`s."""

    @cached_property
    def citation_index(self):
        return CitationIndex(iter_rich_text(self.body), Source, locale_id=self.locale_id)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A fresh index per render so back-link anchors start from 1 each time.
        self.__dict__.pop("citation_index", None)
        # Lazy: when the body and its sources come from the cache (`cached_stream`), the
        # index (which reads every block and the cited sources) is never built.
        context["citations"] = SimpleLazyObject(lambda: self.citation_index)
        return context


class ContentsListMixin:
    """Pages with a `body` StreamField of sections: headings get stable ids and, from
    `CONTENTS_MIN_SECTIONS` H2 sections up, an "On this page" list links to them."""

    CONTENTS_MIN_SECTIONS = 3

    def contents_list(self):
        """(anchor, text) of every H2 section, or [] when there are too few for a list."""
        sections = [(anchor, text) for anchor, text, level in heading_sections(self.body) if level == "h2"]
        return sections if len(sections) >= self.CONTENTS_MIN_SECTIONS else []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A fresh set per render: the headings take the same ids the contents list links to.
        context["section_anchors"] = SectionAnchors()
        context["contents_list"] = self.contents_list()
        return context
