"""Shared StreamField blocks. Every StructBlock renders through a template in
`templates/components/` and has a preview value so editors see it in the block picker."""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock


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


class LinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(required=False, help_text="Link to a page on this site…")
    url = blocks.URLBlock(required=False, help_text="…or to another website (leave the page empty).")
    label = blocks.CharBlock(
        max_length=120, required=False, help_text="Link text. Defaults to the page title. Avoid 'click here'."
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            from django.core.exceptions import ValidationError
            from wagtail.blocks.struct_block import StructBlockValidationError

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


# --- Health content blocks (condition articles and perspectives) -------------------------

CITED_FEATURES = [*RICH_TEXT_FEATURES, "citation"]


class CitedRichTextBlock(blocks.RichTextBlock):
    """Rich text whose citation markers become numbered superscripts.

    The page puts a `pages.citations.CitationIndex` in the template context as `citations`;
    without one (e.g. a block preview) markers are removed.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("features", CITED_FEATURES)
        super().__init__(**kwargs)

    def render(self, value, context=None):
        from django.utils.safestring import mark_safe

        from pages.citations import strip_citations

        html = str(super().render(value, context))
        index = (context or {}).get("citations")
        return mark_safe(index.render(html) if index else strip_citations(html))  # noqa: S308

    class Meta:
        icon = "pilcrow"


class StatisticBlock(blocks.StructBlock):
    figure = blocks.CharBlock(max_length=40, help_text="The number, e.g. '154,000' or '34%'.")
    description = CitedRichTextBlock(
        features=["bold", "italic", "link", "citation"],
        help_text="What the number means. Cite its source with the 'Cite source' button.",
    )

    class Meta:
        icon = "pick"
        template = "components/statistic_block.html"
        preview_value = {
            "figure": "154,000",
            "description": "<p>people in the U.S. are estimated to be living with metastatic breast cancer.</p>",
        }
        description = "A key statistic, shown large"


class LearnMoreBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(help_text="The page to point readers to.")
    text = blocks.CharBlock(
        max_length=160,
        required=False,
        help_text="Link text, e.g. 'Learn more about breast cancer recurrence.' Defaults to 'Learn more about <page title>'.",
    )

    class Meta:
        icon = "link"
        template = "components/learn_more_block.html"
        description = "A 'Learn more' link to another page"


class PerspectiveTeaserBlock(blocks.StructBlock):
    perspective = blocks.PageChooserBlock(
        page_type="pages.PerspectivePage", help_text="The perspective to promote."
    )
    text = blocks.CharBlock(
        max_length=200,
        required=False,
        help_text="Lead-in, e.g. 'Read our perspective on living with metastatic breast cancer'. "
        "The posting date and the 'current as of posting' note are added automatically.",
    )

    class Meta:
        icon = "openquote"
        template = "components/perspective_teaser_block.html"
        description = "A teaser for a Komen Perspective, with its date and disclaimer"


class SupportOptionsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Support and resources")
    show_helpline = blocks.BooleanBlock(
        required=False,
        default=True,
        help_text="List the Breast Care Helpline (details come from Settings → Helpline).",
    )
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(),
        help_text="Pages to list, e.g. the Affiliate locator, the Family and Friends section, the message "
        "boards and the fact sheets. Each shows its title and listing summary.",
    )

    class Meta:
        icon = "help"
        template = "components/support_options_block.html"
        description = "Where to find support: helpline, Affiliates, message boards and more"

    def get_context(self, value, parent_context=None):
        from wagtail.models import Page

        context = super().get_context(value, parent_context)
        ids = [page.pk for page in value["pages"] if page]
        specific = Page.objects.live().filter(pk__in=ids).specific().in_bulk()
        context["support_pages"] = [specific[pk] for pk in ids if pk in specific]
        return context


# resources.blocks builds on BaseStreamBlock above, so it is imported only now.
from resources.blocks import HelplineBlock, ResourceChooserBlock  # noqa: E402


class ArticleStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = CitedRichTextBlock(help_text="Body text. Use 'Cite source' to add a numbered citation.")
    statistic = StatisticBlock()
    callout = CalloutBlock()
    learn_more = LearnMoreBlock()
    perspective_teaser = PerspectiveTeaserBlock()
    support_options = SupportOptionsBlock()
    helpline = HelplineBlock()
    resource = ResourceChooserBlock(help_text="A fact sheet, booklet or other resource, shown as a card.")
    image = ImageBlock(help_text="Add alt text that says what the image shows, or mark it decorative.")


class PerspectiveStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = CitedRichTextBlock(help_text="Body text. Use 'Cite source' to add a numbered citation.")
    callout = CalloutBlock()
    learn_more = LearnMoreBlock()
    image = ImageBlock(help_text="Add alt text that says what the image shows, or mark it decorative.")
