"""Site-wide fragments (menu, footer) rendered once per generation instead of per page.

They cost a handful of queries on every uncached page (site settings, helpline hours, menu
pages, footer links) yet only change when content is published or settings are saved, which
is exactly when the page-cache generation changes. Active only when the page cache is on.
"""

from django import template
from django.utils.safestring import mark_safe

from core.cache import pagecache, shells

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context, template_name):
    """{% personal "part.html" %}: include a part of the page that belongs to its reader (who
    they are, their markers, a form's token). A signed-in page kept as a shell
    (core.cache.shells) renders these parts for each reader and keeps the rest."""
    html = context.template.engine.get_template(template_name).render(context)
    return mark_safe(shells.mark(context, template_name, html))  # noqa: S308 (a template's output, autoescaped)


class SitewideFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on, only_if=None):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on
        self.only_if = only_if

    def render(self, context):
        request = context.get("request")
        if request is None or not pagecache.enabled() or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        if self.only_if is not None and not self.only_if.resolve(context):
            return self.nodelist.render(context)
        vary = [str(var.resolve(context)) for var in self.vary_on]
        key = pagecache.fragment_key(request, self.name.resolve(context), vary)
        html, generation = pagecache.lookup_fragment(key)
        if html is None:
            html = self.nodelist.render(context)
            pagecache.store_fragment(key, generation, html)
        return html


@register.tag
def sitewide_fragment(parser, token):
    """{% sitewide_fragment "name" [vary_on ...] [only_if=value] %} ... {% endsitewide_fragment %}

    With `only_if`, the fragment is kept only when the value is true (e.g. a listing whose
    key the view could name), and rendered every time otherwise."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("sitewide_fragment needs a name")
    only_if = None
    if bits[-1].startswith("only_if="):
        only_if = parser.compile_filter(bits.pop()[len("only_if=") :])
    nodelist = parser.parse(("endsitewide_fragment",))
    parser.delete_first_token()
    return SitewideFragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]], only_if
    )


def _is_live(stream_block, block_type):
    """Blocks whose output changes with the clock (Meta.time_dependent, e.g. the helpline's
    "open now") are rendered on every request, never taken from the cache."""
    child_block = stream_block.child_blocks.get(block_type)
    return bool(child_block is not None and getattr(child_block.meta, "time_dependent", False))


class StreamFragmentNode(template.Node):
    """A page's StreamField rendered once per revision, and the nodes after it (the sources
    list its citations fill in) with it; see `cached_stream`."""

    def __init__(self, page_var, field_var, nodelist, item_tag):
        self.page_var = page_var
        self.field_var = field_var
        self.nodelist = nodelist
        self.item_tag = item_tag

    def render_child(self, child, context):
        html = child.render_as_block(context=context.flatten())
        if self.item_tag:
            return f"<{self.item_tag}>{html}</{self.item_tag}>"
        return str(html)

    def render_all(self, page, field, context):
        prepare = getattr(page, f"prepare_{field}", None)
        if prepare is not None:
            prepare()
        value = getattr(page, field)
        live = [_is_live(value.stream_block, item["type"]) for item in value.raw_data]
        segments = [self.render_child(child, context) for child in value]
        return [None if is_live else html for html, is_live in zip(segments, live, strict=True)], segments

    def render(self, context):
        page = self.page_var.resolve(context)
        field = self.field_var.resolve(context)
        request = context.get("request")
        if request is None or not pagecache.enabled() or getattr(request, "is_preview", False):
            _, segments = self.render_all(page, field, context)
            return mark_safe("".join(segments) + self.nodelist.render(context))  # noqa: S308
        revision = page.live_revision_id or page.latest_revision_id
        key = pagecache.fragment_key(request, "stream", [str(page.pk), str(revision), field])
        stored, generation = pagecache.lookup_value(key)
        if stored is None:
            cached, segments = self.render_all(page, field, context)
            tail = str(self.nodelist.render(context))
            pagecache.store_value(key, generation, (cached, tail))
        else:
            cached, tail = stored
            value = getattr(page, field)
            # Indexing converts only the blocks of that type (no choosers in live blocks).
            segments = [
                html if html is not None else self.render_child(value[i], context)
                for i, html in enumerate(cached)
            ]
        return mark_safe("".join(segments) + tail)  # noqa: S308


@register.tag
def cached_stream(parser, token):
    """{% cached_stream page "body" [item_tag] %} ... {% endcached_stream %}

    Renders `page.body` block by block, then the enclosed nodes; with the page cache on, the
    result is kept per page revision and generation (publishing anything replaces it), so
    later renders skip the blocks' chooser queries and templates. Blocks marked
    `time_dependent` in their Meta are rendered every time. A page may define
    `prepare_<field>()` to bulk-load what its blocks show; it runs only when rendering."""
    bits = token.split_contents()
    if len(bits) not in (3, 4):
        raise template.TemplateSyntaxError(
            "cached_stream needs a page and a field name, and an optional item tag"
        )
    nodelist = parser.parse(("endcached_stream",))
    parser.delete_first_token()
    item_tag = bits[3].strip("\"'") if len(bits) == 4 else ""
    return StreamFragmentNode(
        parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), nodelist, item_tag
    )


@register.filter
def menu_section(page):
    """What the main menu's aria-current depends on: the top-level section, and whether the
    page is that section itself."""
    path = getattr(page, "path", "")
    return f"{path[:12]}{'=' if getattr(page, 'depth', 0) == 3 else '+'}"
