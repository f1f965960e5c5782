from . import pagecache


class PageCacheMiddleware:
    """Serve anonymous page views from the shared cache; label every response for CDNs.

    Sits just after WhiteNoise so that a hit skips sessions, CSRF, auth and URL routing,
    and so that a miss is stored with the headers the inner middleware added (CSP,
    Vary, security headers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        eligible = pagecache.request_is_eligible(request)
        use_store = eligible and pagecache.whole_pages_enabled()
        key = generation = None
        if use_store:
            key = pagecache.cache_key(request)
            entry, generation = pagecache.lookup(key)
            if entry is not None:
                return entry.to_response()
            # Claimed before the render (after a Redis restart there is none yet): a publish
            # during the render replaces it, so this render is never served as newer than it is.
            generation = pagecache.claim_generation(generation)

        response = self.get_response(request)

        if (
            eligible
            and pagecache.request_marked_cacheable(request)
            and pagecache.response_is_cacheable(request, response)
        ):
            seconds = pagecache.lifetime(request)
            pagecache.mark_public(response, seconds)
            if use_store and pagecache.store(key, generation, response, seconds):
                response["X-Cache"] = "MISS"
        else:
            pagecache.mark_private(request, response)
        return response
