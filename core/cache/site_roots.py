"""Wagtail's site root paths (the sites' hosts and root pages, from which every page URL is built),
kept per thread for the page cache's local window. Imported by `core.models` while models load,
so it imports nothing that needs the app registry ready."""

from wagtail.models import Site

from . import pagecache

SITE_ROOT_PATHS_KEY = "wagtail-site-root-paths"


def site_root_paths():
    """Wagtail's `Site.get_site_root_paths()`, which reads Redis on every request that builds a
    page URL (issue 15: 7 % of an uncached locator page), kept per thread for
    PAGE_CACHE_LOCAL_SECONDS as the page cache's local tier keeps its entries (0 in tests and
    development: Wagtail's cache every time). Wagtail deletes its key when a site or a site's root
    page is saved; `forget_site_root_paths` drops this thread's copy on the same saves, and the
    other threads and processes read the new paths when their window ends."""
    if not pagecache.enabled():
        return Site.get_site_root_paths()
    return pagecache.local.own_setting(SITE_ROOT_PATHS_KEY, Site.get_site_root_paths)


def forget_site_root_paths(**kwargs):
    """Signal receiver: a Site was saved or deleted, or a page saved (core/cache/signals.py)."""
    pagecache.local.own_settings.pop(SITE_ROOT_PATHS_KEY, None)
