"""Settings shared by every environment.

Everything secret or host-specific comes from the environment (see `.env.example`);
`dev`, `test` and `production` add what differs.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# `make bench` only: adds /bench/minimal/ and the stock Wagtail page equivalent.
BENCH_ENDPOINTS = env_bool("BENCH_ENDPOINTS", False)

# Apps depend downward only: komensite -> {pages, resources, affiliates, forums} -> core
# (docs/architecture.md). The `demo` app is added by the dev and test settings only.
INSTALLED_APPS = [
    "pages",
    "resources",
    "affiliates",
    "forums",
    "core",
    "core.cache",
    "worker",
    # Translation workflow (issue 20); its `locales` app replaces `wagtail.locales`.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
    "axes",
    *(["bench"] if BENCH_ENDPOINTS else []),
]

# Outage handling sits right after SecurityMiddleware so a database failure anywhere below
# (sessions, auth, page serving, redirects) becomes the friendly 503 page. The page cache
# answers before sessions are loaded. Axes must come last.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "komensite.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so hits are compressed too; only public responses (see
    # komensite.middleware.PublicGZipMiddleware for why that keeps BREACH away).
    "komensite.middleware.PublicGZipMiddleware",
    "core.cache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "core.sessions.AuthenticationMiddleware",  # Django's, taking the user read with the session
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "komensite.middleware.AdminContentSecurityPolicyMiddleware",
    "core.cache.routing.RouteCacheMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "komensite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "komensite.wsgi.application"

# SQLite file by default so `make run` needs nothing installed; DATABASE_URL switches it.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`'s embedded database: SQLite keeps the INCLUDE index of forums_post_author_status
    # as a plain index (models.W040). Only PostgreSQL (tests, production) needs the covering column.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    # For this site's connections only:
    # jit=off: PostgreSQL compiles (JIT) any query whose estimated cost passes jit_above_cost: on
    # a web request that is seconds of compiling for milliseconds of work (the moderation queue
    # spent 3.6 s compiling a 50 ms query, bench/README.md).
    # random_page_cost: PostgreSQL's default (4.0) prices an index lookup as a read from a
    # spinning disk, so for 20 rows it preferred hashing a whole table: the moderation queue's
    # page of posts seq-scanned its 2,000 topics (1.36 ms) where 20 index lookups take 0.25 ms.
    # 1.1 is the usual value for SSDs and for data that fits in memory (DB_RANDOM_PAGE_COST).
    _page_cost = float(os.environ.get("DB_RANDOM_PAGE_COST", "1.1"))
    _options["options"] = f"{_options.get('options', '')} -c jit=off -c random_page_cost={_page_cost}".strip()
    # Server-side binding lets psycopg prepare a statement the connection has run
    # DB_PREPARE_THRESHOLD times: from then on PostgreSQL reuses its plan instead of planning it
    # again on every request. Planning was most of a page's database time: 1.8 ms of the 2.8 ms
    # the signed-in board's topic listing took (issue 15, bench/README.md). Statements live as
    # long as the connection (DB_CONN_MAX_AGE). Behind a pooler in transaction mode (PgBouncer
    # before 1.21) set DB_PREPARE_THRESHOLD=0, which turns preparing off.
    _options.setdefault("server_side_binding", True)
    _threshold = int(os.environ.get("DB_PREPARE_THRESHOLD", "5"))
    _options.setdefault("prepare_threshold", _threshold if _threshold > 0 else None)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English at today's URLs, Spanish under /es/ (i18n_patterns without a prefix for the default
# language): the URL alone decides the language of a page, so cached pages never mix languages.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates on visitor pages use Django's named formats (DATE_FORMAT, YEAR_MONTH_FORMAT) so each
# language reads naturally ("December 2, 2026", "2 de diciembre de 2026"); English spells
# the month out, as the site always has, instead of Django's "Dec. 2, 2026".
FORMAT_MODULE_PATH = ["komensite.formats"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "komensite"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Komen <no-reply@komen.example>")

# Wagtail
WAGTAIL_SITE_NAME = "Komen"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# A new translation starts as a draft even when its source is live (wagtail-localize would
# otherwise publish it at once, past the 'Medical review' workflow); it goes live through the
# workflow like any page (pages/translation_review.py guards "Update translations" too).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# The address visitors use, e.g. https://www.komen.org: `manage.py sync_site` (run by
# `make run` with its HOST/PORT and by deployments) copies it to the default Wagtail Site,
# from which canonical links, og:url, the sitemap, feeds and email links are built.
SITE_URL = os.environ.get("SITE_URL", "")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", SITE_URL or "http://127.0.0.1:8000")
# Wagtail's database backend (PostgreSQL full-text search; FTS5 on SQLite) indexing each page
# with its own language's stemming (core/search_backend.py). One backend per language parses
# the visitor's query: "default" for English, "es" for Spanish (index updates go through
# "default" only; `manage.py update_index --backend-name default` rebuilds everything).
SEARCH_LANGUAGE_CONFIGS = {"en": "english", "es": "spanish"}
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "core.search_backend",
        "SEARCH_CONFIG": "english",
        "LANGUAGE_CONFIGS": SEARCH_LANGUAGE_CONFIGS,
    },
    "es": {
        "BACKEND": "core.search_backend",
        "SEARCH_CONFIG": "spanish",
        "LANGUAGE_CONFIGS": SEARCH_LANGUAGE_CONFIGS,
        "AUTO_UPDATE": False,
    },
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt", "rtf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea"},
}

# Content Security Policy (django-csp 4). Scripts only from our origin or with a
# per-request nonce. The Wagtail admin ships inline scripts and styles of its own, so it
# is excluded from this policy; Django's own headers (nosniff, referrer, frame) still apply.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Database sessions (core.models.Session) read with their user in one statement: core/sessions.py.
SESSION_ENGINE = "core.sessions"
SESSION_READER = "komensite.auth_backends.read_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Site-wide numbers editors do not need to change often.
SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


def logging_settings(default_level):
    """Everything to the console (the process manager keeps it), at LOG_LEVEL or `default_level`."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", default_level)},
    }


LOGGING = logging_settings("WARNING")

# Resources library: every document upload is checked by its real type and size
# (resources/uploads.py); only PDFs open in the browser, everything else downloads as an
# attachment; documents are always served through Wagtail's view, which adds safe headers.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "resources.admin_forms.SafeDocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
RESOURCES_PER_PAGE = 12

# Member accounts (django-allauth) for the message boards. Editors keep Django's User model
# and Wagtail's own login; members sign up with an email address and a public display name.
AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses locked-out username+IP pairs before any password check.
    "komensite.auth_backends.LoginThrottleBackend",
    # One query for a user's permissions instead of two; grants nothing itself.
    "komensite.auth_backends.PermissionsInOneQuery",
    # Every login (admin usernames, members by email) and the signed-in user with the member
    # facts and the user bar's "any permission at all?" in one query.
    "komensite.auth_backends.MemberBackend",
    # Retired: listed only so sessions that name them keep signing in (MemberBackend ends
    # every password check before them).
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "forums:profile"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "forums.forms.MemberSignupForm"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Account email subjects start with "[Komen message boards]", translated (forums.account_adapter).
# Destructive account actions ask for the password again (allauth's reauthentication, valid for
# ACCOUNT_REAUTHENTICATION_TIMEOUT, 5 minutes): changing email addresses and the password here;
# exporting data and deleting the account through `reauthentication_required` (forums/views_account.py).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Account emails and messages in the site's voice, naming members by display name
# (forums/account_adapter.py, which also gives allauth the project's client IP).
ACCOUNT_USER_DISPLAY = "forums.account_adapter.user_display"
# Tell members when their email address or password changes (templates in account/email/).
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Counters live in the Django cache. Sign-up and login answer 429 with the form kept filled.
ACCOUNT_RATE_LIMITS = {
    "signup": "10/h/ip",  # hospitals and libraries share addresses: not lower
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
}

# Background work (django-tasks): immediate here; production uses the database queue that
# `python manage.py task_worker --queue-name "*"` runs (Wagtail's tasks and board emails).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The worker (worker/runner.py): heartbeat, lease after which a silent worker's task is
# queued again, claims before such a task is marked failed, longest wait between reconnects.
TASK_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("TASK_WORKER_HEARTBEAT_SECONDS", "10"))
TASK_WORKER_LEASE_SECONDS = float(os.environ.get("TASK_WORKER_LEASE_SECONDS", "60"))
TASK_WORKER_MAX_ATTEMPTS = 3
TASK_WORKER_MAX_BACKOFF_SECONDS = 30
# /health/ answers 503 when the database queue is in use and no worker has beaten this long.
HEALTH_WORKER_SILENT_SECONDS = float(os.environ.get("HEALTH_WORKER_SILENT_SECONDS", "120"))
# Days a digest email's one-click unsubscribe link works; an older link shows a page that
# offers to sign in and change email choices instead.
DIGEST_UNSUBSCRIBE_MAX_AGE_DAYS = int(os.environ.get("DIGEST_UNSUBSCRIBE_MAX_AGE_DAYS", "60"))

# Security headers, login throttling (django-axes), fault tolerance.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_COOLOFF_TIME = 0.25  # hours: a locked-out username+IP may try again after 15 minutes
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
AXES_USERNAME_CALLABLE = "komensite.auth_backends.login_identifier"

# --- Client IP behind proxies ---
# How many proxies we run in front of Django (load balancer, CDN...). 0: trust only REMOTE_ADDR
# and ignore X-Forwarded-For, which anyone can send. N: the client is the Nth address from the
# right of X-Forwarded-For. One function (core.client_ip.client_ip) answers "who is this?"
# for allauth's rate limits (through the account adapter), django-axes and our own limits.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ACCOUNT_ADAPTER = "forums.account_adapter.MemberAccountAdapter"
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"

# Geolocation only for our own pages (the affiliate locator's "use my location"); every other
# powerful feature off, for us and for anything we embed.
PERMISSIONS_POLICY = {
    "geolocation": ["self"],
    "camera": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "hid": [],
    "midi": [],
    "magnetometer": [],
    "gyroscope": [],
    "accelerometer": [],
    "display-capture": [],
    "browsing-topics": [],
}

# The Wagtail admin (excluded from the public policy above) gets its own, looser policy:
# Wagtail 8 renders date/time choosers and InlinePanels with inline <script> initialisers
# that carry no nonce, and its editors use inline style attributes, so both need
# 'unsafe-inline' there. Still same-origin only, no 'unsafe-eval'. See README "Security".
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "frame-ancestors": [SELF],
    "form-action": [SELF],
}
ADMIN_URL_PREFIXES = ["/admin/", "/django-admin/"]

# /health/ writes, reads and deletes a probe key; should the delete fail, it expires after this
# many seconds. (Give the cache backend short socket timeouts so the probe answers quickly.)
HEALTH_CHECK_CACHE_TIMEOUT = 2
# No Gravatar: editors' email hashes are not sent to a third party, and the admin CSP can
# stay same-origin for images.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Page cache (core/cache): anonymous page views served whole from the shared cache,
# purged on publish/unpublish/move/delete and on settings, snippet and image changes.
# Production turns it on when REDIS_URL is set; development and tests leave it off.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)
# false: render every page but keep the shared menu/footer fragments (`make bench`'s uncached server).
PAGE_CACHE_WHOLE_PAGES = env_bool("PAGE_CACHE_WHOLE_PAGES", True)
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", 60 * 60))
# Per-process copy in front of Redis, trusted this many seconds (0: ask Redis every time).
PAGE_CACHE_LOCAL_SECONDS = float(os.environ.get("PAGE_CACHE_LOCAL_SECONDS", 0))
PAGE_CACHE_LOCAL_ENTRIES = int(os.environ.get("PAGE_CACHE_LOCAL_ENTRIES", 200))
# Board rows and post fragments (keyed by all they show, never stale) a process keeps copies of
# while the local tier is on (core.cache.fragment_store), each for an hour at most: a row is
# ~0.6 KB, an article 1-12 KB (a 10,000-character post), so a few MB, 24 MB at the very most.
PAGE_CACHE_LOCAL_FRAGMENTS = int(os.environ.get("PAGE_CACHE_LOCAL_FRAGMENTS", 2000))
# Changing it (e.g. to the release's commit) drops pages rendered by older templates.
PAGE_CACHE_VERSION = os.environ.get("PAGE_CACHE_VERSION", "1")
# What a CDN may do with cached pages (browsers always revalidate: max-age=0).
PAGE_CACHE_S_MAXAGE = int(os.environ.get("PAGE_CACHE_S_MAXAGE", 300))
PAGE_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("PAGE_CACHE_STALE_WHILE_REVALIDATE", 60))
PAGE_CACHE_EXCLUDED_PATH_PREFIXES = ["/admin/", "/django-admin/", "/documents/", "/search/"]
# Page types in these apps are never cached (member and moderation views).
PAGE_CACHE_EXCLUDED_APPS = ["forums"]
# Non-page views whose anonymous responses are cached (URL names); views can also use
# core.cache.decorators.public_cache.
PAGE_CACHE_URL_NAMES = ["sitemap", "robots_txt", "site_menu"]
PAGE_CACHE_BYPASS_COOKIES = ["sessionid", "messages"]
PAGE_CACHE_IGNORED_QUERY_PARAMS = ["fbclid", "gclid", "mc_cid", "mc_eid"]
# What purges what (core/cache/signals.py): a page purges its own URLs and the listings that
# show it. These models appear on public pages far from any one URL, so a change to them purges
# every cached page. Everything else purges nothing: PAGE_CACHE_UNCACHED_MODELS lists the
# snippets and settings that are deliberately left out (tests/perf/test_purge_map.py makes
# every snippet and setting be in one list or the other).
PAGE_CACHE_SITEWIDE_MODELS = [
    "wagtailcore.Site",  # host names and root pages: every URL
    "wagtailimages.Image",  # any page, card or social image
    "pages.SiteSettings",  # organization name, footer, perspective disclaimer
    "pages.HealthTopic",  # topic pages, article and perspective tags
    "pages.Source",  # citations on articles and perspectives
    "pages.Reviewer",  # "Medically reviewed by" on articles, the medical reviewers page
    "pages.GlossaryTerm",  # defined terms in every article body (revision-cached), the glossary page
    "resources.HelplineSettings",  # footer and every helpline box
    "resources.HelplineHours",  # the helpline's hours, saved on their own by loaders and imports
    "resources.Resource",  # library, resource cards, Family and friends pages
    "taggit.Tag",  # resource topics: the library's topic filter and cards
]
PAGE_CACHE_UNCACHED_MODELS = [
    "forums.ForumSettings",  # board and topic pages only: their anonymous copies follow the board generation
    "forums.CannedResponse",  # moderators' saved responses, never public
    "forums.WatchedWord",  # applied when a post is saved (board pages are never cached)
    "forums.ModerationSettings",  # moderators' reply-to address and crisis escalation, never public
]
# The only query parameters Wagtail pages read (pagination, search and the filter forms of the
# library, perspectives and locator): page views' cache keys keep these and drop the rest, so
# `?x=1..N` cannot create unbounded entries. A page type reading a new parameter adds it here
# (tests/perf/test_page_cache.py checks the forms' fields are listed).
PAGE_CACHE_PAGE_QUERY_PARAMS = ["page", "q", "topic", "type", "audience", "language", "state", "lat", "lng"]
# Filter specs our templates use; renditions are made when an image is saved.
# `{% picture %}` sizes and formats (AVIF, WebP, JPEG fallback) for the home hero, cards and
# article lead images,
# plus the 1200x630 social image; tests/design/test_images.py fails when a template asks for
# a rendition that is not listed here.
IMAGE_HERO_SIZES = ["fill-640x213", "fill-1200x400", "fill-1800x600"]
IMAGE_CARD_SIZES = ["fill-400x225", "fill-800x450"]
IMAGE_LEAD_SIZES = ["fill-672x378", "fill-1344x756"]
# Affiliate logos keep their shape: at most 160x80 CSS pixels, 1x and 2x.
IMAGE_LOGO_SIZES = ["max-160x80", "max-320x160"]
IMAGE_FORMATS = ["format-avif", "format-webp", "format-jpeg"]
IMAGE_RENDITION_SPECS = [
    f"{fmt}|{size}"
    for size in IMAGE_HERO_SIZES + IMAGE_CARD_SIZES + IMAGE_LEAD_SIZES + IMAGE_LOGO_SIZES
    for fmt in IMAGE_FORMATS
] + ["fill-1200x630|format-jpeg"]
# The design system's pattern library (/pattern-library/): development only.
PATTERN_LIBRARY_ENABLED = env_bool("PATTERN_LIBRARY_ENABLED", False)
# Files browsers ask for at the site root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = PROJECT_DIR / "public"
# `make serve` only (scripts/production-env): Django serves MEDIA_ROOT itself, since there is
# no S3 bucket or web server in front locally. Never in a real deployment.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
