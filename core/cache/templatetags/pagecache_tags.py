"""Site-wide fragments (menu, footer) rendered once per generation instead of per page.

They cost a handful of queries on every uncached page (site settings, helpline hours, menu
pages, footer links) yet only change when content is published or settings are saved, which
is exactly when the page-cache generation changes. Active only when the page cache is on.
"""

from django import template

from core.cache import pagecache

register = template.Library()


class SitewideFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        if request is None or not pagecache.enabled() or getattr(request, "is_preview", False):
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
    """{% sitewide_fragment "name" [vary_on ...] %} ... {% endsitewide_fragment %}"""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("sitewide_fragment needs a name")
    nodelist = parser.parse(("endsitewide_fragment",))
    parser.delete_first_token()
    return SitewideFragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )


@register.filter
def menu_section(page):
    """What the main menu's aria-current depends on: the top-level section, and whether the
    page is that section itself."""
    path = getattr(page, "path", "")
    return f"{path[:12]}{'=' if getattr(page, 'depth', 0) == 3 else '+'}"
