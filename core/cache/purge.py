"""Dropping cached pages when content changes: the shared Redis cache and, when configured,
the CDN in front (Wagtail's frontend cache: Cloudflare or CloudFront, see settings).

Redis is purged whole (a new generation), because menus, cards, footers and feeds show a
page far from its own URL. The CDN cannot be purged whole through Wagtail's backends, so it
gets the exact URLs: the page, its old URL after a move, every ancestor (the indexes that
list it, up to the home page) with their `get_cached_paths()` (feeds, archives), the pages
that show it elsewhere (a page type's `pages_showing_this()`, e.g. perspectives' related
cards), and the sitemap. Site-wide changes (settings, snippets, images) send every live page.
"""

import copy
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site

from . import pagecache

logger = logging.getLogger(__name__)


def cdn_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _sitemap_urls():
    path = reverse("sitemap")
    return [site.root_url + path for site in Site.objects.all()]


def page_urls(page, old_url_path=None):
    """Every URL that shows `page` directly or lists it."""
    batch = PurgeBatch()
    batch.add_page(page)
    if old_url_path and old_url_path != page.url_path:
        old = copy.copy(page)
        old.url_path = old_url_path
        batch.add_page(old)
    ancestors = Page.objects.ancestor_of(page).filter(depth__gt=1).specific()
    batch.add_pages(ancestors)
    showing = getattr(page.specific_deferred, "pages_showing_this", None)
    if showing is not None:
        batch.add_pages(showing())
    batch.add_urls(_sitemap_urls())
    return batch.urls


def all_page_urls():
    batch = PurgeBatch()
    batch.add_pages(Page.objects.live().filter(depth__gt=1).specific())
    batch.add_urls(_sitemap_urls())
    return batch.urls


def _purge_now(urls_callable):
    pagecache.bump_generation()
    if cdn_configured():
        try:
            batch = PurgeBatch(urls_callable())
            batch.purge()
        except Exception:
            # A CDN API outage must not break publishing; s-maxage bounds the staleness.
            logger.exception("Frontend cache (CDN) purge failed")


def purge_page(page, old_url_path=None):
    """After the current transaction commits (so no request can re-cache the old content)."""
    # Work out the URLs now: after a delete, the page is gone from the database.
    urls = page_urls(page, old_url_path) if cdn_configured() else set()
    transaction.on_commit(lambda: _purge_now(lambda: urls))


def purge_everything():
    transaction.on_commit(lambda: _purge_now(all_page_urls))
