"""Health content blocks: condition articles and Komen Perspectives."""

from django.utils.safestring import mark_safe
from wagtail import blocks
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page

from core.blocks import RICH_TEXT_FEATURES, CalloutBlock, HeadingBlock
from pages.citations import strip_citations
from resources.blocks import HelplineBlock, ResourceChooserBlock

CITED_FEATURES = [*RICH_TEXT_FEATURES, "citation"]


class CitedRichTextBlock(blocks.RichTextBlock):
    """Rich text whose citation markers become numbered superscripts.

    The page puts a `pages.citations.CitationIndex` in the template context as `citations`;
    without one (e.g. a block preview) markers are removed. A `pages.glossary.Glossary` in the
    context as `glossary` marks the first use of each term across the page's blocks.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("features", CITED_FEATURES)
        super().__init__(**kwargs)

    def render(self, value, context=None):
        html = str(super().render(value, context))
        index = (context or {}).get("citations")
        html = index.render(html) if index else strip_citations(html)
        glossary = (context or {}).get("glossary")
        if glossary:
            html = glossary.annotate(html)
        return mark_safe(html)  # noqa: S308

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
        context = super().get_context(value, parent_context)
        ids = [page.pk for page in value["pages"] if page]
        specific = Page.objects.live().filter(pk__in=ids).specific().in_bulk()
        context["support_pages"] = [specific[pk] for pk in ids if pk in specific]
        return context


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
