"""Production settings for the app servers the scale-out test starts.

Only static files differ: they are served from the app folders so the test need not run
collectstatic (the manifest storage is exercised by `make serve` and `make bench`)."""

from komensite.settings.production import *  # noqa: F403
from komensite.settings.production import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
