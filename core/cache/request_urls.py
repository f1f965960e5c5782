"""What the page cache reads from a request's URL before the view runs (and before
LocaleMiddleware): whether Wagtail's page view serves it, and its language."""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.translation import get_language, get_language_from_path

# URL name of Wagtail's page-serving view (wagtail.urls).
WAGTAIL_SERVE = "wagtail_serve"


def is_page_view(request):
    """Is this URL served by Wagtail's page view (rather than one of our own views)?

    Asked before the view's own resolution for every URL with a query (board page 80, a topic's
    last page), so the answer is kept per (URL configuration, active language, path): what
    Django's resolver matches is a function of those three (the language picks the `/es/`
    prefix's patterns; it is the one active before LocaleMiddleware runs). A changed
    ROOT_URLCONF (tests) clears it, as Django clears its own resolver caches."""
    return _serves_pages(get_urlconf(), get_language(), request.path_info)


@functools.lru_cache(maxsize=2048)
def _serves_pages(urlconf, language, path):
    try:
        return resolve(path, urlconf).url_name == WAGTAIL_SERVE
    except Resolver404:
        return False


@receiver(setting_changed)
def _urls_changed(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _serves_pages.cache_clear()


def request_language(request):
    """The language a URL is served in: its /es/ prefix, else the default (the cache answers
    before LocaleMiddleware runs; unprefixed URLs are always served in the default language)."""
    return get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
