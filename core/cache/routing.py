"""Page routing from the shared cache: the path → page map, per generation.

Wagtail routes a request by walking the tree from the site root, two queries per level (the
child by slug, then its specific row), after finding the site and the root page, and then
checks view restrictions on the page and each ancestor: eight queries for an article three
levels deep, on every uncached render. Which page a path leads to only changes when a page is
published, unpublished, moved, renamed or deleted, or a restriction or site changes: all of
which replace the page-cache generation. So the first request for a path routes the usual
way and records where it led (the site, the page's id and type, its URL path, whether any
view restriction applies); later requests fetch that specific page in one query, compiled
to SQL once per page type (`core.compiled_queries`).

It stays correct without trusting the map blindly: the page is read fresh (a page unpublished
since is refused by its own `route`, as ever), and the entry is used only if the page still
has the URL path it was recorded with. For a routable page's sub-route (feeds, archives,
board topics) the entry names the routable page and how many path components its own
`route` resolves, and replaying calls that `route` again. Active when the page cache
is on, for anonymous and signed-in requests alike (the map holds no one's data).

Either way the walk starts from the home page in the visitor's language (issue 20), found in
Wagtail's cached site root paths: Wagtail's own `site.root_page.localized` looks the Locale up
in the database on every request, which English pages need not pay for.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from core.compiled_queries import CompiledQuery

from . import pagecache, site_roots

FRAGMENT_NAME = "route"
SITE_FIELDS = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")


def _routed_pages(model):
    """The queryset a recorded route loads its page with. A page type may add what every request
    for its pages reads, in the same statement as the page's row, with a `routed_queryset(queryset)`
    classmethod (annotations: the board pages' generations, forums.models.boards)."""
    queryset = model.objects.all()
    extend = getattr(model, "routed_queryset", None)
    return extend(queryset) if extend is not None else queryset


# The specific page a recorded route leads to, in one query compiled once per page type: building
# and compiling the multi-table query cost more than PostgreSQL spent running it.
_PAGE_ROW = CompiledQuery(lambda model, page: _routed_pages(model).filter(pk=page)[:1])


def _key(request, path):
    return pagecache.fragment_key(request, FRAGMENT_NAME, [translation.get_language() or "", path])


def localized_root(site):
    """The site's home page in the active language, or its root page when it has no live
    translation (as Wagtail's `root_page.localized`), without a Locale query: the root page's
    translations and their languages come from Wagtail's cached site root paths."""
    root = site.root_page
    language = translation.get_language()
    for entry in site_roots.site_root_paths():
        if entry.site_id == site.id and entry.language_code == language:
            if entry.root_path == root.url_path:
                return root
            translated = Page.objects.filter(
                url_path=entry.root_path, translation_key=root.translation_key, live=True
            ).first()
            return translated or root
    return root


def route(request, path):
    """Wagtail's `Page.route_for_request`, walking from the localized home page; the result is
    kept on the request where Wagtail's serve view reads it."""
    if not hasattr(request, "_wagtail_route_for_request"):
        site = Site.find_for_request(request)
        result = None
        if site is not None:
            components = [component for component in path.split("/") if component]
            try:
                result = localized_root(site).specific.route(request, components)
            except Http404:
                result = None
        request._wagtail_route_for_request = result
    return request._wagtail_route_for_request


def _record(request, path, generation):
    """Route the usual way (Wagtail keeps the result on the request for its serve view) and
    record where the path led (a page, or a routable page and its sub-route)."""
    result = route(request, path)
    site = getattr(request, "_wagtail_site", None)
    if result is None or site is None:
        return
    page = result[0]
    root = localized_root(site)
    components = [c for c in path.split("/") if c]
    expected = root.url_path + "".join(f"{c}/" for c in components)
    if not expected.startswith(page.url_path):
        return  # an alias tree or a custom route: left to the walk
    # Components after the page's own path: a routable page's sub-route (0 for the page itself).
    rest = len(expected[len(page.url_path) :].strip("/").split("/")) if expected != page.url_path else 0
    restricted = page.get_view_restrictions().exists()
    entry = {
        "site": {name: getattr(site, name) for name in SITE_FIELDS},
        "page": page.pk,
        "type": page.content_type_id,
        "url_path": page.url_path,
        "rest": rest,
        "restricted": restricted,
    }
    pagecache.store_fragment(_key(request, path), generation, json.dumps(entry))


def _replay(request, path, raw):
    """Route from a recorded entry; False when it no longer applies (the walk then decides)."""
    entry = json.loads(raw)
    model = ContentType.objects.get_for_id(entry["type"]).model_class()
    if model is None or not issubclass(model, Page):
        return False
    rows = _PAGE_ROW(model, page=entry["page"])
    page = rows[0] if rows else None
    if page is None or page.url_path != entry["url_path"]:
        return False
    site_fields = entry["site"]
    site = Site.from_db(None, list(site_fields), list(site_fields.values()))
    if not entry["restricted"]:
        # Read by BasePage.get_view_restrictions: nothing restricts this page or its ancestors
        # (a restriction saved since would have replaced the generation).
        page.known_unrestricted = True
    request._wagtail_site = site
    components = [c for c in path.split("/") if c]
    count = entry.get("rest", 0)
    rest = components[len(components) - count :] if count else []
    try:
        request._wagtail_route_for_request = page.route(request, rest)
    except Http404:
        request._wagtail_route_for_request = None
    return True


def _site_key(request):
    return pagecache.value_key("site", request.get_host(), request.get_port())


def _known_site(request):
    """For a view that is not a Wagtail page (member pages, conversations, accounts, search):
    the Site its host and port led to under this generation, so `Site.find_for_request` (the
    site settings, the header) costs no query. Which site a host and port lead to changes only
    when a Site is saved or deleted, which replaces the generation (PAGE_CACHE_SITEWIDE_MODELS).
    On a miss, the view finds the site the usual way and the middleware records it after."""
    raw, generation = pagecache.lookup_value(_site_key(request))
    if raw is None:
        request._site_miss = (generation,)
        return
    fields = json.loads(raw)
    request._wagtail_site = Site.from_db(None, list(fields), list(fields.values()))


def _record_site(request, generation):
    site = request.__dict__.get("_wagtail_site")
    if site is not None:
        fields = {name: getattr(site, name) for name in SITE_FIELDS}
        pagecache.store_value(_site_key(request), generation, json.dumps(fields))


class RouteCacheMiddleware:
    """Route Wagtail page requests from the path → page map (see the module docstring), and
    find the site of other views from the shared cache (`_known_site`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = pagecache.current_request.set(request)
        try:
            response = self.get_response(request)
            miss = request.__dict__.pop("_site_miss", None)
            if miss is not None:
                _record_site(request, miss[0])
            return response
        finally:
            pagecache.current_request.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve:
            if pagecache.enabled() and not hasattr(request, "_wagtail_site"):
                _known_site(request)
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        if not pagecache.enabled():
            route(request, path)
            return None
        key = _key(request, path)
        raw, generation = pagecache.lookup_fragment(key)
        if raw is None or not _replay(request, path, raw):
            _record(request, path, generation)
        return None
