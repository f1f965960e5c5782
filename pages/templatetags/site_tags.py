import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

register = template.Library()

# What Django's json_script escapes, so JSON cannot close the <script> element or open a comment.
# (json_script itself only writes type="application/json"; structured data needs ld+json.)
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    root = _site_root(request)
    items = (
        list(root.get_children().live().in_menu().only("id", "title", "url_path", "path", "depth"))
        if root
        else []
    )
    current = context.get("page")
    return {"items": items, "current": current, "root": root, "request": request}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": [], "page": page}
    ancestors = list(
        page.get_ancestors().filter(depth__gte=2).only("id", "title", "url_path", "path", "depth")
    )
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


@register.filter
def is_ancestor_of(item, page):
    """True when `item` is `page` or one of its ancestors (for aria-current in the menu)."""
    return isinstance(page, Page) and page.path.startswith(item.path)


@register.simple_tag(takes_context=True)
def structured_data(context, page):
    """JSON-LD for `page` as a non-executable <script>; CSP does not apply to data blocks."""
    getter = getattr(page, "get_structured_data", None)
    if getter is None:
        return ""
    data = getter(context.get("request"))
    payload = json.dumps(data, cls=DjangoJSONEncoder).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag(takes_context=True)
def site_url(context, path):
    """`path` made absolute with the Wagtail Site's own root URL (hostname and port from the
    environment, see `sync_site`), not the request's Host header; media URLs that are
    already absolute (a CDN, S3) are left alone."""
    if "://" in path:
        return path
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return f"{site.root_url}{path}" if site else path
