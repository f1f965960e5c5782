"""StreamField blocks every app builds on. Every StructBlock renders through a template in
`templates/components/` and has a preview value so editors see it in the block picker.
Blocks that belong to one domain live in that app's `blocks.py`."""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock


class SectionAnchors:
    """Ids for a page's headings, in document order: the heading's slug, with "-2", "-3"…
    for repeats, so a link to a section survives edits elsewhere on the page.

    A page puts one in its template context as `section_anchors` (a fresh one per render);
    `HeadingBlock` then gives each heading the next id, and the page builds its contents list
    from a second instance walking the same headings in the same order."""

    # Ids the base template and article components already use.
    RESERVED = frozenset({"main", "main-nav", "sources-heading", "related-heading", "on-this-page"})

    def __init__(self):
        self.used = set(self.RESERVED)

    def next(self, text):
        base = slugify(text) or "section"
        anchor, number = base, 1
        while anchor in self.used:
            number += 1
            anchor = f"{base}-{number}"
        self.used.add(anchor)
        return anchor


def heading_sections(stream_value):
    """(anchor, text, level) for every heading block of a StreamField value, read from its raw
    data (no block conversion, no queries), with the ids `HeadingBlock` gives them."""
    anchors = SectionAnchors()
    sections = []
    for item in stream_value.raw_data:
        if item["type"] != "heading":
            continue
        value = item["value"] or {}
        text = value.get("text") or ""
        sections.append((anchors.next(text), text, value.get("level") or "h2"))
    return sections


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, help_text="Short and descriptive; it becomes a section heading.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (H2)"), ("h3", "Subsection (H3)")],
        default="h2",
        help_text="Use H2 for main sections and H3 inside them so screen-reader users can navigate.",
    )

    class Meta:
        icon = "title"
        template = "components/heading_block.html"
        preview_value = {"text": "Treatment options", "level": "h2"}
        description = "A section heading"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        anchors = (parent_context or {}).get("section_anchors")
        context["anchor"] = anchors.next(value["text"]) if anchors is not None else ""
        return context


class LinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(required=False, help_text="Link to a page on this site…")
    url = blocks.URLBlock(required=False, help_text="…or to another website (leave the page empty).")
    label = blocks.CharBlock(
        max_length=120, required=False, help_text="Link text. Defaults to the page title. Avoid 'click here'."
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError("Choose a page or enter a URL.")}
            )
        return value

    class Meta:
        icon = "link"
        template = "components/link_block.html"
        preview_value = {"url": "https://www.komen.org/", "label": "Susan G. Komen"}
        description = "A single link"


class FeaturedPageBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(help_text="The page to feature.")
    heading = blocks.CharBlock(max_length=120, required=False, help_text="Defaults to the page title.")
    summary = blocks.TextBlock(
        max_length=300, required=False, help_text="Defaults to the page's listing summary."
    )

    class Meta:
        icon = "doc-full"
        template = "components/featured_page_block.html"
        description = "A card that promotes a page"


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    text = blocks.RichTextBlock(features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        template = "components/callout_block.html"
        preview_value = {"heading": "Did you know?", "text": "<p>The helpline is free.</p>"}
        description = "A highlighted box of text"


RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, icon="pilcrow", help_text="Body text. Use lists for steps or options."
    )
    callout = CalloutBlock()
    image = ImageBlock(help_text="Add alt text that says what the image shows, or mark it decorative.")
    link = LinkBlock()


class FeaturedStreamBlock(blocks.StreamBlock):
    featured_page = FeaturedPageBlock()
    callout = CalloutBlock()
