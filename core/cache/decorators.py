from functools import wraps


def public_cache(view):
    """Let the page cache store this view's anonymous responses (e.g. a JSON API).

    Its output must be the same for every anonymous visitor and change only when content
    that purges the cache changes (pages, PAGE_CACHE_SITEWIDE_MODELS)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.page_cache_view = True
        return view(request, *args, **kwargs)

    return wrapped
