"""A Redis cache that degrades to "always miss" instead of failing the request.

Django's own `RedisCache` raises when Redis is unreachable, which would turn a cache outage
into a site outage (Wagtail reads the site-root cache on every page). This subclass catches
Redis and socket errors, logs them, and stops trying for a few seconds so that requests do
not each wait for a connection timeout while Redis is down.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

# Per process: after a failure, skip Redis for this many seconds.
RETRY_AFTER_SECONDS = 5.0
_down_until = {}


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
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
