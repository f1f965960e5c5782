"""A cache that the site can live without.

Wagtail reads and writes the default cache on every page request (site root paths, image
renditions), and Django's own backends raise when their server is gone: with a plain
`RedisCache`, stopping Redis turns every page into a 500. `FailSoftCache` wraps any real
backend; while it fails, reads miss, writes are dropped and a warning is logged (at most
once a minute per process), and /health/ reports the cache as unavailable.

    CACHES = {"default": {
        "BACKEND": "komensite.cache.FailSoftCache",
        "WRAPS": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        # TIMEOUT, KEY_PREFIX, VERSION and OPTIONS go to the wrapped backend as usual.
    }}
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.utils.module_loading import import_string

logger = logging.getLogger("komensite.cache")
WARN_EVERY_SECONDS = 60


class FailSoftCache(BaseCache):
    def __init__(self, location, params):
        params = dict(params)
        self._backend_class = import_string(params.pop("WRAPS"))
        self._location, self._params = location, params
        super().__init__(params)
        self._backend = None
        self._last_warning = 0.0

    @property
    def wrapped(self):
        # Made on first use, and again after a failed attempt: some backends touch their
        # server or disk as they are constructed.
        if self._backend is None:
            self._backend = self._backend_class(self._location, self._params)
        return self._backend

    def _failed(self, operation, error):
        now = time.monotonic()
        if now - self._last_warning >= WARN_EVERY_SECONDS:
            self._last_warning = now
            logger.warning("Cache unavailable (%s failed: %s); carrying on without it", operation, error)

    def _call(self, operation, fallback, *args, **kwargs):
        try:
            return getattr(self.wrapped, operation)(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - every backend raises its own errors
            self._failed(operation, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def incr(self, key, delta=1, version=None):
        try:
            return self.wrapped.incr(key, delta, version=version)
        except ValueError:
            raise
        except Exception as error:  # noqa: BLE001
            self._failed("incr", error)
            raise ValueError(f"Key '{key}' not found (cache unavailable)") from error

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version=version)

    def clear(self):
        return self._call("clear", None)

    def close(self, **kwargs):
        return self._call("close", None, **kwargs)
