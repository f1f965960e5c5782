import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override
from wagtail.models import Page, Site

from core.cache import pagecache

register = template.Library()

# What Django's json_script escapes, so JSON cannot close the <script> element or open a comment.
# (json_script itself only writes type="application/json"; structured data needs ld+json.)
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    root = site.root_page if site else None
    if root is not None and get_language() != settings.LANGUAGE_CODE:
        # The Spanish tree is the home page's translation; English is the site's own root.
        root = root.localized
    return root


def _home_url(language_code):
    with override(language_code):
        return reverse("wagtail_serve", args=[""])


def _site_languages(request, page):
    """Languages the page's site has a home page in (Wagtail's cached site roots)."""
    sites = {root.site_id for root in page._get_relevant_site_root_paths(request)}
    return {root.language_code for root in page._get_site_root_paths(request) if root.site_id in sites}


def _alternates(request, page):
    """{language code: URL} of this page's live translations, looked up once per request (the
    header's switcher and the head's hreflang links both need them)."""
    if request is None:
        return {}
    key = page.pk if isinstance(page, Page) and page.pk else None
    memo = getattr(request, "_language_alternates", None)
    if memo is not None and memo[0] == key:
        return memo[1]
    shared_key = None
    if key is not None and pagecache.enabled() and not getattr(request, "is_preview", False):
        # Which translations are live changes only on publish, unpublish, move or delete, all
        # of which replace the generation: one lookup per page and generation (per host and
        # language, as the URLs are the request's).
        shared_key = pagecache.fragment_key(request, "alternates", [str(key)])
        alternates, generation = pagecache.lookup_value(shared_key)
        if alternates is not None:
            request._language_alternates = (key, alternates)
            return alternates
    if key is not None and len(_site_languages(request, page)) < 2:
        # The site has no home page in another language yet, so no translation is reachable:
        # skip the lookup (Wagtail keeps the site roots, translations included, cached).
        alternates = {}
    elif key is not None:
        alternates = {}
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            url = translation.get_url(request)
            if url:
                alternates[translation.locale.language_code] = url
    else:
        alternates = {code: translate_url(request.path, code) for code, _name in settings.LANGUAGES}
    if shared_key is not None:
        pagecache.store_value(shared_key, generation, alternates)
    request._language_alternates = (key, alternates)
    return alternates


@register.inclusion_tag("includes/language_links.html", takes_context=True)
def language_links(context, where="head"):
    """hreflang alternates (`where="head"`) or the language switcher (`where="header"`).

    A page links to its live translations; a page without one in a language switches to that
    language's home page (and offers no alternate for it). Other views (search, accounts) exist
    in every language at the translated URL.
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    alternates = _alternates(request, page)
    switch = [
        {
            "code": code,
            "name": name,
            "url": alternates.get(code) or _home_url(code),
            "is_translation": code in alternates,
        }
        for code, name in settings.LANGUAGES
        if code != current
    ]
    absolute = (
        [(code, request.build_absolute_uri(url)) for code, url in alternates.items()]
        if request is not None and len(alternates) > 1
        else []
    )
    default = dict(absolute).get(settings.LANGUAGE_CODE)
    return {"where": where, "alternates": absolute, "x_default": default, "switch": switch}


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
