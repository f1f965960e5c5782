"""Fixed-window rate limits counted in the Django cache (shared by every worker in production).

Sign-up and login use django-allauth's own limits (ACCOUNT_RATE_LIMITS, also in the cache);
posting and reporting use `hit()` here. In production the default cache alias is the counters'
own Redis (no eviction) and falls back to per-process counters when Redis is unreachable
(core.cache.backends.FallbackRedisCache); pages live in another alias. Clients are told
apart by core.client_ip.client_ip.
"""

import time

from django.core.cache import cache


def hit(scope, ident, limit, window_seconds):
    """Count one attempt; return False when `limit` attempts in this window are used up."""
    if limit <= 0:
        return False
    # The settings' validators keep windows at a minute or more; a legacy row saved before them
    # (0 minutes) must not turn every post into a ZeroDivisionError.
    window_seconds = max(int(window_seconds), 1)
    window = int(time.time() // window_seconds)
    key = f"ratelimit:{scope}:{ident}:{window}"
    # add() is atomic: only the first attempt in a window creates the counter.
    if cache.add(key, 1, timeout=window_seconds + 1):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window_seconds + 1)
        return True
    return count <= limit
