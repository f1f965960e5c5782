"""Shared behaviour of health content: citations, topics and structured data."""

from django.utils.functional import SimpleLazyObject, cached_property

from pages.citations import CitationIndex, iter_rich_text


class CitedContentMixin:
    """Pages with a `body` StreamField that may cite `Source`s."""

    @cached_property
    def citation_index(self):
        from .taxonomy import Source

        return CitationIndex(iter_rich_text(self.body), Source)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A fresh index per render so back-link anchors start from 1 each time.
        self.__dict__.pop("citation_index", None)
        # Lazy: when the body and its sources come from the cache (`cached_stream`), the
        # index (which reads every block and the cited sources) is never built.
        context["citations"] = SimpleLazyObject(lambda: self.citation_index)
        return context
