"""Glossary terms marked up where an article first uses them.

Plain functions over plain values (no requests, no queries): the page builds a `Glossary`
from the `GlossaryTerm` rows and the glossary page's URL, and the article's rich text blocks
pass their HTML through `Glossary.annotate` as they render. The first use of each term in the
whole body becomes

    <span class="glossary-term"><dfn><a href="/glossary/#term-mbc" …>MBC</a></dfn><span … hidden>…</span></span>

a link to the glossary entry, which `pages/js/glossary.js` turns into a disclosure button
that shows the definition in place. Terms are never marked inside headings, links,
citations or existing `<dfn>`/`<abbr>` elements.

Matching: the term and its variants (plurals, other spellings) match whole words in any
case; abbreviations ("MBC", "HER2+", "NED") match whole words in their exact case, so "ned"
in ordinary text is not taken for "NED". The longest form wins where two overlap.
"""

import html
import re
import string
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.text import slugify
from django.utils.translation import gettext

# Elements whose text is never marked: headings, links, citations (stored markers and
# rendered superscripts), existing definitions and abbreviations, code and form controls.
SKIPPED_ELEMENTS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "a", "citation", "sup", "dfn", "abbr", "code", "pre", "button"}
)
TAG = re.compile(r"(<[^>]*>)")
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
# A form must stand alone: no letter, digit or underscore (nor a "+" that would make it another
# abbreviation, e.g. "HER2" inside "HER2+") right before or after it.
BEFORE = r"(?<![\w+])"
AFTER = r"(?![\w+])"


def split_forms(text):
    """Comma- or newline-separated editor input as a list of distinct, trimmed forms."""
    seen = []
    for form in re.split(r"[,\n]", text or ""):
        form = " ".join(form.split())
        if form and form not in seen:
            seen.append(form)
    return seen


# The A–Z bar per language: Spanish readers expect Ñ as a letter of its own after N (the
# Real Academia's alphabet since 2010 has no CH or LL). Other letters fold their accents, so
# "Ácido" is listed under A and "Éxito" under E.
NON_LETTER_GROUP = "#"
LETTERS = {"es": [*string.ascii_uppercase[:14], "Ñ", *string.ascii_uppercase[14:]]}
DEFAULT_LETTERS = list(string.ascii_uppercase)
KEPT_LETTERS = {"es": frozenset("Ñ")}


def letters_for(language):
    """The letters of the A–Z bar in `language` ('es', 'en'…)."""
    return LETTERS.get(_base(language), DEFAULT_LETTERS)


def _base(language):
    return (language or "en").split("-")[0].lower()


def fold(text, language):
    """`text` upper-cased with its accents removed, except letters `language` keeps (Ñ in Spanish)."""
    kept = KEPT_LETTERS.get(_base(language), frozenset())
    out = []
    for char in text.upper():
        if char in kept:
            out.append(char)
            continue
        out.append("".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)))
    return "".join(out)


def letter_of(term, language):
    """The A–Z group `term` is listed under in `language`, or NON_LETTER_GROUP ('#')."""
    first = fold(term.strip()[:1], language)
    return first if first in letters_for(language) else NON_LETTER_GROUP


def sort_key(term, language):
    """Dictionary order in `language`: accents folded, Ñ after every other N word in Spanish."""
    folded = fold(term, language).replace("Ñ", "N\U0010ffff")
    return (folded, term)


def term_anchor(slug):
    """The id of a term's entry on the glossary page (stable while the term's slug is)."""
    return f"term-{slug}"


@dataclass(frozen=True)
class Entry:
    """What the annotator needs of one `GlossaryTerm`."""

    key: object
    term: str
    slug: str
    definition: str
    variants: tuple = ()
    abbreviations: tuple = ()


class Glossary:
    """Marks the first use of each term across every fragment passed to `annotate`.

    One instance per render: it remembers which terms it has already marked."""

    def __init__(self, entries, glossary_url):
        self.glossary_url = glossary_url
        self.marked = set()
        self.uses = 0
        by_word, by_abbreviation = {}, {}
        for entry in entries:
            for form in (entry.term, *entry.variants):
                by_word.setdefault(form.casefold(), entry)
            for form in entry.abbreviations:
                by_abbreviation.setdefault(form, entry)
        self.by_word = by_word
        self.by_abbreviation = by_abbreviation
        alternatives = [(form, True) for form in by_word] + [(form, False) for form in by_abbreviation]
        # Longest first, so "HER2-positive" wins over "HER2" and "lymph nodes" over "lymph node".
        alternatives.sort(key=lambda item: -len(item[0]))
        parts = [
            f"(?i:{re.escape(form)})" if ignore_case else re.escape(form)
            for form, ignore_case in alternatives
        ]
        self.pattern = re.compile(f"{BEFORE}(?:{'|'.join(parts)}){AFTER}") if parts else None

    def __bool__(self):
        return self.pattern is not None and bool(self.glossary_url)

    def entry_for(self, text):
        return self.by_abbreviation.get(text) or self.by_word.get(text.casefold())

    def annotate(self, fragment):
        """`fragment` (trusted rich text HTML) with the first use of each unmarked term defined."""
        if not self or not fragment:
            return fragment
        out = []
        skipping = []
        for piece in TAG.split(str(fragment)):
            if piece.startswith("<"):
                out.append(piece)
                self._track(piece, skipping)
            elif piece and not skipping:
                out.append(self._mark_text(piece))
            else:
                out.append(piece)
        return "".join(out)

    @staticmethod
    def _track(tag, skipping):
        match = TAG_NAME.match(tag)
        if match is None or tag.rstrip(">").endswith("/"):
            return
        closing, name = match.group(1), match.group(2).lower()
        if name not in SKIPPED_ELEMENTS:
            return
        if not closing:
            skipping.append(name)
        elif name in skipping:
            # Close up to the matching element, tolerating a missing end tag inside it.
            while skipping and skipping.pop() != name:
                pass

    def _mark_text(self, escaped_text):
        text = html.unescape(escaped_text)
        pieces, position, changed = [], 0, False
        for match in self.pattern.finditer(text):
            entry = self.entry_for(match.group(0))
            if entry is None or entry.key in self.marked:
                continue
            self.marked.add(entry.key)
            pieces.append(escape(text[position : match.start()]))
            pieces.append(self.markup(entry, match.group(0)))
            position = match.end()
            changed = True
        if not changed:
            return escaped_text
        pieces.append(escape(text[position:]))
        return "".join(pieces)

    def markup(self, entry, used_text):
        self.uses += 1
        href = f"{self.glossary_url}#{term_anchor(entry.slug)}"
        panel_id = f"glossary-definition-{slugify(entry.slug)}"
        return format_html(
            '<span class="glossary-term">'
            '<dfn><a class="glossary-term__link" href="{}" data-glossary-definition="{}">{}</a></dfn>'
            '<span class="glossary-term__definition" id="{}" hidden>'
            '<span class="glossary-term__name">{}</span> {} <a href="{}">{}</a>'
            "</span></span>",
            href,
            panel_id,
            used_text,
            panel_id,
            entry.term,
            entry.definition,
            href,
            gettext("%(term)s in the glossary") % {"term": entry.term},
        )
