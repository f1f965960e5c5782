"""Blocks for the resources app: the helpline box and a resource card editors can drop in pages."""

import copy

from wagtail import blocks
from wagtail.models import Site
from wagtail.snippets.blocks import SnippetChooserBlock

from core.blocks import BaseStreamBlock
from core.cache import pagecache
from resources.helpline_models import HelplineSettings


class HelplineBlock(blocks.StructBlock):
    """The Breast Care Helpline, from the Helpline setting, with its open-now state."""

    heading = blocks.CharBlock(
        max_length=120,
        required=False,
        help_text="Defaults to the helpline's name, e.g. 'Breast Care Helpline'.",
    )
    text = blocks.TextBlock(
        max_length=300,
        required=False,
        help_text="Optional sentence about who should call. Defaults to the note in Settings → Helpline.",
    )
    show_hours = blocks.BooleanBlock(
        required=False, default=True, help_text="List the opening hours in Eastern and Pacific time."
    )

    class Meta:
        icon = "mail"
        template = "components/helpline_block.html"
        preview_value = {"heading": "Talk to someone", "text": "", "show_hours": True}
        description = "The helpline's number, hours and whether it is open now"
        # "Open now" changes with the clock: rendered on every request, never from the cache.
        time_dependent = True

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        if request is not None:
            helpline = HelplineSettings.for_request(request)
        else:
            helpline = HelplineSettings.for_site(Site.objects.get(is_default_site=True))
        context["helpline"] = helpline
        context["status"] = status = helpline.status()
        # "Open now" changes with the clock: the page cache and CDN keep the page until then only.
        pagecache.limit_lifetime(request, status.valid_until, now=status.now)
        return context


class ResourceChooserBlock(SnippetChooserBlock):
    """Links one resource from the library, shown as a card with its format and size."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Choose a fact sheet, booklet, video or web tool from the library.")
        super().__init__("resources.Resource", **kwargs)

    def bulk_to_python(self, values):
        # Fetch the documents with the resources: one query however many cards a page has.
        objects = self.model_class.objects.select_related("document").in_bulk(values)
        result, seen = [], set()
        for pk in values:
            obj = objects.get(pk)
            result.append(copy.copy(obj) if obj is not None and pk in seen else obj)
            seen.add(pk)
        return result

    class Meta:
        icon = "doc-full"
        template = "components/resource_block.html"


class ResourceIntroStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ul"], icon="pilcrow", help_text="A short introduction."
    )
    helpline = HelplineBlock()


class AudienceLandingStreamBlock(BaseStreamBlock):
    helpline = HelplineBlock()
    resource = ResourceChooserBlock()
