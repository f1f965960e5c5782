"""Numbered citations.

Editors insert a citation in rich text with the "Cite source" button; it is stored as
`<citation source="ID">[label]</citation>`. On a page, sources are numbered in order of first
use across the whole body; citing a source again reuses its number. Each marker becomes
`<sup><a href="#source-N" id="cite-N-K">N</a></sup>` and each list entry links back to every
marker that cites it.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import format_html
from wagtail.rich_text import RichText

CITATION_TAG = re.compile(r'<citation source="(\d+)">.*?</citation>', re.DOTALL)


def cited_source_ids(html):
    """Source ids in the order they are cited in `html` (repeats included)."""
    return [int(match) for match in CITATION_TAG.findall(html or "")]


def iter_rich_text(value):
    """Yield every rich text HTML string inside a StreamField value, in document order."""
    if isinstance(value, RichText):
        yield value.source
    elif isinstance(value, str):
        return
    elif hasattr(value, "raw_data") and hasattr(value, "__iter__"):  # StreamValue
        for child in value:
            yield from iter_rich_text(child.value)
    elif isinstance(value, dict):  # StructValue
        for child in value.values():
            yield from iter_rich_text(child)
    elif isinstance(value, (list, tuple)) or type(value).__name__ == "ListValue":
        for child in value:
            yield from iter_rich_text(getattr(child, "value", child))


@dataclass
class CitedSource:
    number: int
    source: object
    references: list = field(default_factory=list)  # back-link anchors, one per marker


class CitationIndex:
    """Numbers the sources of one page and rewrites citation markers as it renders."""

    def __init__(self, html_fragments, source_model, locale_id=None):
        """With `locale_id`, each source is shown in that language: its translation when there
        is one, else the source cited (`Source.objects.localized_by_pk`); numbers stay those of
        the cited ids, and two language versions of one source share a number."""
        order = []
        for html in html_fragments:
            for source_id in cited_source_ids(html):
                if source_id not in order:
                    order.append(source_id)
        cited = source_model.objects.filter(pk__in=order)
        found = cited.localized_by_pk(locale_id) if locale_id is not None else cited.in_bulk()
        self.entries = {}
        self._numbered = {}
        for source_id in order:
            if source_id not in found:  # a deleted source is silently dropped
                continue
            shown = found[source_id]
            key = getattr(shown, "translation_key", shown.pk)
            if key not in self._numbered:
                self._numbered[key] = CitedSource(len(self._numbered) + 1, shown)
            self.entries[source_id] = self._numbered[key]

    @property
    def sources(self):
        return list(self._numbered.values())

    def render(self, html):
        return CITATION_TAG.sub(self._marker, html)

    def _marker(self, match):
        entry = self.entries.get(int(match.group(1)))
        if entry is None:
            return ""
        anchor = f"cite-{entry.number}-{len(entry.references) + 1}"
        entry.references.append(anchor)
        return format_html(
            '<sup class="citation"><a href="#source-{}" id="{}" aria-label="Source {}">{}</a></sup>',
            entry.number,
            anchor,
            entry.number,
            entry.number,
        )


def strip_citations(html):
    """Remove citation markers, e.g. for feeds and summaries where no source list follows."""
    return CITATION_TAG.sub("", html or "")
