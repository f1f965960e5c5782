"""Reading level of a page's visible text: Flesch–Kincaid grade (textstat) and suggestions.

Health-literacy guidance (NIH, CDC, AMA) asks for text at or below an 8th-grade reading level.
The grade is computed from what a reader sees as prose: the page's summary or intro, headings,
paragraphs and list items, callouts and statistic descriptions. Citation markers, source
lists, images, links to other pages and the helpline box are left out. Each heading, paragraph
and list item counts as at least one sentence (a heading has no full stop, but a reader does
not run it into the next line).

Request-free: the editor's panel, the save hook, the report and the tests all call
`analyse()` / `page_texts()`.
"""

import html
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import textstat
from wagtail.rich_text import RichText

from pages.citations import CITATION_TAG

DEFAULT_TARGET_GRADE = 8
LONGEST_SENTENCES = 3
LONGEST_WORDS = 5
# Words of fewer syllables are not worth suggesting a plainer word for.
MIN_SYLLABLES_SUGGESTED = 4

# Block-level ends inside rich text: each becomes a separate line (a sentence at least).
BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|div)>|<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
TERMINAL = (".", "!", "?", ":", ";")
# A removed citation marker leaves "helps ." behind.
SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?])")


def html_lines(source):
    """The visible lines of a rich text HTML fragment, citation markers removed."""
    text = CITATION_TAG.sub("", source or "")
    text = BLOCK_END.sub("\n", text)
    text = html.unescape(TAG.sub("", text))
    return [
        SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(line.split()))
        for line in text.splitlines()
        if line.strip()
    ]


def _rich(value):
    return html_lines(value.source if isinstance(value, RichText) else str(value or ""))


def stream_lines(stream):
    """Visible prose lines of a body StreamField value, in document order."""
    for child in stream or ():
        kind, value = child.block_type, child.value
        if kind == "heading":
            if value.get("text"):
                yield value["text"]
        elif kind == "paragraph":
            yield from _rich(value)
        elif kind == "callout":
            if value.get("heading"):
                yield value["heading"]
            yield from _rich(value.get("text"))
        elif kind == "statistic":
            lines = _rich(value.get("description"))
            if lines:
                lines[0] = f"{value.get('figure', '')} {lines[0]}".strip()
            yield from lines


def page_texts(page):
    """Visible prose of a page (one that has `readability_fields` and a `body`)."""
    lines = []
    for name in getattr(page, "readability_fields", ()):
        value = getattr(page, name, "")
        if isinstance(value, str):
            lines.extend(" ".join(part.split()) for part in value.splitlines() if part.strip())
    lines.extend(stream_lines(getattr(page, "body", None)))
    return lines


def _as_sentences(lines):
    for line in lines:
        line = line if line.endswith(TERMINAL) else f"{line}."
        for sentence in SENTENCE_END.split(line):
            if WORD.search(sentence):
                yield sentence.strip()


@dataclass(frozen=True)
class LongSentence:
    text: str
    words: int


@dataclass(frozen=True)
class LongWord:
    text: str
    syllables: int


@dataclass(frozen=True)
class Readability:
    """A page's reading level. `grade` is None when there is no text to measure."""

    grade: Decimal | None
    target: int
    words: int = 0
    sentences: int = 0
    longest_sentences: list = field(default_factory=list)
    longest_words: list = field(default_factory=list)

    @property
    def above_target(self):
        return self.grade is not None and self.grade > self.target


def round_grade(value):
    grade = Decimal(str(max(float(value), 0.0)))
    return grade.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def analyse(lines, target=DEFAULT_TARGET_GRADE):
    """The Flesch–Kincaid grade of `lines` with the longest sentences and words."""
    sentences = list(_as_sentences(lines))
    if not sentences:
        return Readability(grade=None, target=target)
    text = " ".join(sentences)
    words = [match.group(0) for match in WORD.finditer(text)]
    by_length = sorted(
        ((len(WORD.findall(sentence)), index, sentence) for index, sentence in enumerate(sentences)),
        key=lambda item: (-item[0], item[1]),
    )
    long_sentences = [LongSentence(sentence, count) for count, _, sentence in by_length[:LONGEST_SENTENCES]]
    seen, long_words = set(), []
    for word in words:
        key = word.lower()
        if key in seen:
            continue
        seen.add(key)
        syllables = textstat.syllable_count(word)
        if syllables >= MIN_SYLLABLES_SUGGESTED:
            long_words.append(LongWord(word, syllables))
    long_words.sort(key=lambda item: (-item.syllables, -len(item.text), item.text.lower()))
    return Readability(
        grade=round_grade(textstat.flesch_kincaid_grade(text)),
        target=target,
        words=len(words),
        sentences=len(sentences),
        longest_sentences=long_sentences,
        longest_words=long_words[:LONGEST_WORDS],
    )
