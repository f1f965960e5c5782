"""Production settings for the app servers the scale-out test starts.

Only static files differ: they are served from the app folders so the test need not run
collectstatic (the manifest storage is exercised by `make serve` and `make bench`)."""

import os

from komensite.settings.production import *  # noqa: F403
from komensite.settings.production import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True

# The test's stand-in for a CDN: an HTTP endpoint on loopback that records PURGE requests.
if os.environ.get("TEST_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "recorder": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["TEST_PURGE_URL"],
        }
    }

# The scale-out test reads the emails the task worker sends (file backend, EMAIL_BACKEND env).
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
