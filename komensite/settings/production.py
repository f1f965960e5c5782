import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHES, env_bool, env_list, logging_settings


def required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable for production.")
    return value


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated host names) for production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

LOGGING = logging_settings("INFO")

ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# --- Caches ---
# Pages and renditions live in the shared Redis at REDIS_URL (allkeys-lru: a flood of URLs may
# evict pages, which is harmless); the tolerant backend serves pages uncached while it is down.
# Counters (allauth's and our rate limits, login failures, their locks) live in the `default`
# alias, which allauth reads, on a Redis with `maxmemory-policy noeviction` at
# RATELIMIT_REDIS_URL (default: REDIS_URL, sharing its eviction policy: set it in production).
# While that Redis is unreachable each process counts on its own rather than not at all.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
RATELIMIT_REDIS_URL = os.environ.get("RATELIMIT_REDIS_URL", "").strip() or REDIS_URL
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "komensite")
if RATELIMIT_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.backends.FallbackRedisCache",
            "LOCATION": RATELIMIT_REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
if REDIS_URL:
    CACHES = {
        **CACHES,
        "pages": {
            "BACKEND": "core.cache.backends.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        },
        "renditions": {
            "BACKEND": "core.cache.backends.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX + "-renditions",
            "TIMEOUT": 60 * 60 * 24,
        },
    }
    PAGE_CACHE_ALIAS = "pages"
# Without a shared cache each process would keep its own pages and miss other processes' purges.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", bool(REDIS_URL))
# Other servers' purges reach a process within this time; its own purges at once.
PAGE_CACHE_LOCAL_SECONDS = float(os.environ.get("PAGE_CACHE_LOCAL_SECONDS", 1))

# CDN purging through Wagtail's frontend cache, enabled by whichever variables are set.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": required("CLOUDFLARE_API_TOKEN"),
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    # AWS credentials come from the usual AWS_* variables or the instance role (boto3).
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }

# Media on S3-compatible object storage (AWS S3, MinIO, DigitalOcean Spaces, R2...) through
# django-storages, so any app server can serve any upload. Credentials: AWS_ACCESS_KEY_ID /
# AWS_SECRET_ACCESS_KEY or the instance role.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Cached pages outlive signed URLs, so media URLs are plain; keep the bucket's
            # objects public-read (documents that must stay private go through Wagtail's view).
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
        },
    }
    WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Background tasks (Django's tasks framework, django_tasks): Wagtail's reference-index updates
# and CDN purges, and the forums' emails, go through a database queue that the worker process
# (`manage.py db_worker`) runs. Tests and development run tasks immediately.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
