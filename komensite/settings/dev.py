from .base import *  # noqa: F403
from .base import env_list

DEBUG = True
# Development only: never used by production settings, which demand SECRET_KEY from the environment.
SECRET_KEY = "django-insecure-dev-only-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Demo content loaders (`load_demo_content`, `ensure_editor`): development and tests only.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
DEMO_CONTENT_ALLOWED = True
PATTERN_LIBRARY_ENABLED = True
