import os
import uuid

import pytest
from django.test import override_settings
from wagtail.models import Site

from core.cache import pagecache


def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.fail("REDIS_URL is not set: run the suite with `make test` (scripts/with-redis starts Redis).")
    return url


def redis_caches(url, prefix):
    return {
        "default": {
            "BACKEND": "core.cache.backends.TolerantRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }


@pytest.fixture
def page_cache(home):
    """The page cache on, in a per-test local-memory cache."""
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"pagecache-{uuid.uuid4().hex}",
        }
    }
    pagecache.local.reset()
    with override_settings(CACHES=caches, PAGE_CACHE_ENABLED=True):
        Site.clear_site_root_paths_cache()
        yield
    Site.clear_site_root_paths_cache()
    pagecache.local.reset()


@pytest.fixture
def redis_page_cache(home):
    """The page cache on, in the real Redis `make test` starts, under a key prefix of its own."""
    with override_settings(
        CACHES=redis_caches(redis_url(), f"t-{uuid.uuid4().hex}"), PAGE_CACHE_ENABLED=True
    ):
        pagecache.local.reset()
        Site.clear_site_root_paths_cache()
        yield
    Site.clear_site_root_paths_cache()
    pagecache.local.reset()


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish the way editors do, running the after-commit purges as a real commit would."""

    def _publish(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        return page

    return _publish
