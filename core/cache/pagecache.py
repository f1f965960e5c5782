"""What the page cache stores, under which key, and what it refuses.

Anonymous GET/HEAD requests for Wagtail pages (and for views that opt in) are stored whole,
headers included, in Django's cache (Redis in production). Each entry carries the site-wide
*generation* it was rendered under; publishing anything replaces the generation, so every
listing, menu and feed that might show the change is dropped at once without having to
know where a page is shown. Rendering is cheap next to being wrong, and publishing is rare
next to reading.
"""

import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from core.cache.request_urls import is_page_view, request_language

GENERATION_KEY = "pagecache:generation"
ENTRY_PREFIX = "pagecache:page:"
SAFE_METHODS = {"GET", "HEAD"}
# Headers of the response as stored; the cookie headers never get here (such responses are refused).
SKIPPED_HEADERS = {"set-cookie", "x-cache"}
# Pages whose content changes sooner than this (see `limit_lifetime`) are not stored.
MIN_LIFETIME = 1
# The request being served (set by routing.RouteCacheMiddleware), for page URLs computed
# without one (`page.url`, `page.full_url`): Wagtail then reads the site root paths from the
# cache on every call, where with a request it reads them once per request
# (`BasePage._get_site_root_paths`).
current_request = ContextVar("current_request", default=None)


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", False)


def whole_pages_enabled():
    """Off only to measure rendering with the shared fragments still on (`make bench`)."""
    return enabled() and getattr(settings, "PAGE_CACHE_WHOLE_PAGES", True)


def cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def new_generation():
    return uuid.uuid4().hex


def bump_generation():
    """Invalidate every cached page on every app server sharing this cache."""
    generation = new_generation()
    cache().set(GENERATION_KEY, generation, None)
    local.saw_generation(generation)


@dataclass
class Entry:
    generation: str
    status: int
    headers: list
    content: bytes
    # Wall-clock time (wall_clock()) after which the entry is stale whatever the generation:
    # pages showing time-dependent state (see `limit_lifetime`). None: until purged.
    expires: float | None = None

    def expired(self):
        return self.expires is not None and wall_clock() >= self.expires

    def to_response(self):
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        if self.expires is not None and "Cache-Control" in response:
            # A CDN must not keep it past the entry's own expiry.
            del response["Cache-Control"]
            mark_public(response, self.expires - wall_clock())
        response["X-Cache"] = "HIT"
        return response


def wall_clock():
    """time.time(), as a function tests can move forward."""
    return time.time()


def limit_lifetime(request, until, now=None):
    """Keep this request's page in the cache (and CDN) no later than `until` (an aware datetime).

    For content that changes with the clock rather than with publishing, such as the
    helpline's "Open now" line: the page is still cached, but only until the text changes."""
    if request is None or until is None:
        return
    seconds = (until - (now or timezone.now())).total_seconds()
    current = getattr(request, "page_cache_seconds", None)
    request.page_cache_seconds = seconds if current is None else min(current, seconds)


def lifetime(request):
    """Seconds this request's page may be cached for, or None for no limit."""
    return getattr(request, "page_cache_seconds", None)


def request_is_eligible(request):
    """Could this request be answered from, or stored in, the shared cache?"""
    if request.method not in SAFE_METHODS:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    bypass = getattr(settings, "PAGE_CACHE_BYPASS_COOKIES", [settings.SESSION_COOKIE_NAME])
    if any(name in request.COOKIES for name in bypass):
        return False
    path = request.path_info
    return not any(path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDED_PATH_PREFIXES)


def cache_key(request):
    ignored = settings.PAGE_CACHE_IGNORED_QUERY_PARAMS
    query = sorted(
        (k, v)
        for k, values in request.GET.lists()
        for v in values
        if k not in ignored and not k.startswith("utm_")
    )
    if query and is_page_view(request):
        # Pages read only these: any other parameter (?x=1, ?x=2...) maps to the same entry
        # instead of filling the cache with copies. Other views keep every parameter.
        known = settings.PAGE_CACHE_PAGE_QUERY_PARAMS
        query = [(k, v) for k, v in query if k in known]
    raw = "|".join(
        [
            settings.PAGE_CACHE_VERSION,
            request_language(request),
            request.scheme,
            request.get_host(),
            request.path,
            repr(query),
        ]
    )
    return ENTRY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


class LocalTier(threading.local):
    """A small per-process (per-thread) copy in front of Redis, trusted for PAGE_CACHE_LOCAL_SECONDS.

    A hit in Redis costs a network round trip, which on a busy machine is most of the cost
    of a cached page. With the window on, a process re-reads the generation at most once per
    window, so another server's purge reaches it within that time (its own purges at once);
    0 turns the tier off and every request asks Redis."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.generation = None
        self.checked = float("-inf")
        self.entries = OrderedDict()
        self.fragments = OrderedDict()  # content-addressed fragments (core.cache.fragment_store)
        self.own_settings = {}  # {key: (setting, when read)}: OwnKeySettingMixin's, outside the generation

    def window(self):
        return getattr(settings, "PAGE_CACHE_LOCAL_SECONDS", 0)

    def own_setting(self, key, read):
        """`read()`'s value, kept by this thread for the window and read again after it."""
        value, read_at = self.own_settings.get(key, (None, float("-inf")))
        if value is None or time.monotonic() - read_at >= self.window():
            value = read()
            if self.window() > 0:
                self.own_settings[key] = (value, time.monotonic())
        return value

    def trusted_generation(self):
        window = self.window()
        if window > 0 and time.monotonic() - self.checked < window:
            return self.generation
        return None

    def saw_generation(self, generation):
        if self.window() > 0:
            if generation != self.generation:
                self.entries.clear()
            self.generation = generation
            self.checked = time.monotonic()

    def get(self, key, generation):
        entry = self.entries.get(key)
        if entry is not None and entry.generation == generation:
            self.entries.move_to_end(key)
            return entry
        return None

    def put(self, key, entry):
        if self.window() > 0:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > settings.PAGE_CACHE_LOCAL_ENTRIES:
                self.entries.popitem(last=False)


local = LocalTier()


def lookup(key):
    """Return (entry or None, current generation or None): no round trip when the local
    tier has it, else one (the entry and the generation in a single MGET)."""
    generation = local.trusted_generation()
    if generation is not None:
        entry = local.get(key, generation)
        if entry is not None and not entry.expired():
            return entry, generation
        entry = cache().get(key)
    else:
        found = cache().get_many([key, GENERATION_KEY])
        generation = found.get(GENERATION_KEY)
        entry = found.get(key)
        local.saw_generation(generation)
    if (
        entry is not None
        and generation is not None
        and entry.generation == generation
        and not entry.expired()
    ):
        local.put(key, entry)
        return entry, generation
    return None, generation


def available():
    """False while a tolerant backend is skipping an unreachable Redis."""
    is_available = getattr(cache(), "is_available", None)
    return is_available() if is_available else True


def _put(key, generation, entry, timeout=None):
    timeout = settings.PAGE_CACHE_TIMEOUT if timeout is None else min(timeout, settings.PAGE_CACHE_TIMEOUT)
    cache().set(key, entry, max(1, int(timeout)))
    local.put(key, entry)


def claim_generation(generation):
    if generation is None:
        # First page since Redis started (or the key was evicted): claim a generation.
        cache().add(GENERATION_KEY, new_generation(), None)
        generation = cache().get(GENERATION_KEY)
    return generation


def store(key, generation, response, seconds=None):
    """Store the response (for at most `seconds`, if given); True when it (probably) reached the cache."""
    headers = [(k, v) for k, v in response.items() if k.lower() not in SKIPPED_HEADERS]
    return _store(key, generation, response.status_code, headers, response.content, seconds)


def _store(key, generation, status, headers, content, seconds=None):
    if seconds is not None and seconds < MIN_LIFETIME:
        return False
    generation = claim_generation(generation)
    if generation is None:
        return False
    expires = None if seconds is None else wall_clock() + seconds
    _put(key, generation, Entry(generation, status, headers, content, expires), seconds)
    return available()


def request_marked_cacheable(request):
    """Wagtail pages (marked by the before_serve_page hook) and opted-in views."""
    page = getattr(request, "page_cache_page", None)
    if page is not None:
        if getattr(request, "is_preview", False) or not getattr(page, "page_cache", True):
            return False
        return page._meta.app_label not in settings.PAGE_CACHE_EXCLUDED_APPS
    if getattr(request, "page_cache_view", False):
        return True
    match = getattr(request, "resolver_match", None)
    return bool(match and match.view_name in settings.PAGE_CACHE_URL_NAMES)


def response_is_cacheable(request, response):
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    # A cached nonce would be the same for everyone, which defeats it: refuse such pages.
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return False
    if b'name="csrfmiddlewaretoken"' in response.content:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def mark_public(response, seconds=None):
    """Headers that let a CDN keep the page while browsers always revalidate. With a
    lifetime limit (`limit_lifetime`), the CDN keeps it no longer and never serves it stale."""
    if "Cache-Control" not in response:
        if seconds is None:
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=settings.PAGE_CACHE_S_MAXAGE,
                stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
            )
        else:
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=max(0, min(int(seconds), settings.PAGE_CACHE_S_MAXAGE)),
            )


def mark_private(request, response):
    """Anything personal or not stored: never kept by a shared cache."""
    if "Cache-Control" in response:
        return
    user = getattr(request, "user", None)
    is_member = settings.SESSION_COOKIE_NAME in request.COOKIES or (
        user is not None and user.is_authenticated
    )
    if is_member:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)


FRAGMENT_PREFIX = "pagecache:fragment:"


def fragment_key(request, name, vary):
    # Rendered inside the response, where the page's language is active (menus, footer).
    raw = "|".join([settings.PAGE_CACHE_VERSION, get_language() or "", request.get_host(), name, *vary])
    return FRAGMENT_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def lookup_fragment(key):
    """(html or None, current generation or None), like `lookup`."""
    entry, generation = lookup(key)
    return (entry.content if entry is not None else None), generation


def store_fragment(key, generation, html):
    _store(key, generation, 200, [], str(html))


def page_key(prefix, request, variant, parts):
    """A key for what a page's address shows to any reader in the request's language and time
    zone: `variant` names the kind of entry, `parts` everything else it shows (a board's
    generations, counts). Under the current generation, as every entry."""
    page = (request.scheme, request.get_host(), request.path, get_language() or "")
    zone = timezone.get_current_timezone_name()
    raw = "|".join(str(part) for part in (settings.PAGE_CACHE_VERSION, variant, *page, zone, *parts))
    return prefix + hashlib.sha256(raw.encode()).hexdigest()


VALUE_PREFIX = "pagecache:value:"


def value_key(name, *vary):
    """A key for a value shared by every request (and host) under the current generation."""
    raw = "|".join([settings.PAGE_CACHE_VERSION, name, *map(str, vary)])
    return VALUE_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def lookup_value(key):
    """(value or None, current generation or None), like `lookup`. The value may be shared
    with other requests of this process (the local tier): copy it before changing it."""
    entry, generation = lookup(key)
    return (entry.content if entry is not None else None), generation


def forget_value(key):
    """Drop a value at once (this process's copy included), ahead of the generation a change
    replaces on commit."""
    cache().delete(key)
    local.entries.pop(key, None)


def store_value(key, generation, value, seconds=None):
    """Keep `value` under the generation (for at most `seconds`, if given: a value showing
    time-dependent state); True when it (probably) reached the cache."""
    return _store(key, generation, 200, [], value, seconds)
