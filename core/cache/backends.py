"""Redis caches that degrade instead of failing the request: `TolerantRedisCache` to "always
miss" (pages), `FallbackRedisCache` to per-process counters (rate limits).

Django's own `RedisCache` raises when Redis is unreachable, which would turn a cache outage
into a site outage (Wagtail reads the site-root cache on every page). This subclass catches
Redis and socket errors, logs them, and stops trying for a few seconds so that requests do
not each wait for a connection timeout while Redis is down.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

# Per process: after a failure, skip Redis for this many seconds.
RETRY_AFTER_SECONDS = 5.0
_down_until = {}
DEFAULT_TIMEOUT_SECONDS = 300


class KeptClientRedisCacheClient(RedisCacheClient):
    """Django's client makes a new `redis.Redis` for every cache call, each copying ~170
    response callbacks (~700 calls a signed-in request, the profile of issue 15). A
    `redis.Redis` over a connection pool is safe to share between threads (each command
    borrows a connection from the pool), so one is kept per pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients.setdefault(pool, self._client(connection_pool=pool))
        return client


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient  # RedisCache.__init__ sets Django's
        options = dict(self._options)
        # Fail fast: a cache that takes seconds to answer is worse than no cache.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        options.setdefault("retry", Retry(NoBackoff(), 0))
        self._options = options
        self._location = server if isinstance(server, str) else ",".join(server)

    def _guard(self, operation, default, *args, **kwargs):
        if _down_until.get(self._location, 0) > time.monotonic():
            return default
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except (RedisError, OSError) as exc:
            _down_until[self._location] = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("Redis cache unavailable (%s: %s); serving without it", operation, exc)
            return default

    def is_available(self):
        return _down_until.get(self._location, 0) <= time.monotonic()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guard("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guard("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._guard("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        # Callers of incr expect a number; re-raise as the ValueError they already handle.
        result = self._guard("incr", None, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not available (cache unreachable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", None, keys, version)

    def clear(self):
        return self._guard("clear", False)


class FallbackRedisCache(TolerantRedisCache):
    """For counters (rate limits, login failures, allauth's locks): while Redis is unreachable,
    every operation goes to a per-process local-memory cache instead of answering "miss".

    A tolerant "always miss" is right for pages but wrong for counters: `add` answering False
    makes allauth's rate-limit lock refuse everyone (nobody can sign in), and `get` answering
    nothing would mean no limit at all. Per-process counters keep limits in force (each process
    counts on its own) until Redis answers again; then Redis's counters apply once more."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(
            f"fallback:{self._location}:{params.get('KEY_PREFIX', '')}",
            {"TIMEOUT": params.get("TIMEOUT", DEFAULT_TIMEOUT_SECONDS), "OPTIONS": {"MAX_ENTRIES": 10_000}},
        )

    def _guard(self, operation, default, *args, **kwargs):
        fallback = getattr(self._fallback, operation)
        if _down_until.get(self._location, 0) > time.monotonic():
            return fallback(*args, **kwargs)
        try:
            return getattr(RedisCache, operation)(self, *args, **kwargs)
        except (RedisError, OSError) as exc:
            _down_until[self._location] = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("Redis counters unavailable (%s: %s); counting per process", operation, exc)
            return fallback(*args, **kwargs)

    def incr(self, key, delta=1, version=None):
        return self._guard("incr", None, key, delta, version)
