"""Site-wide middleware for the quality gates: outage handling and the admin's own CSP."""

import logging

from csp.utils import build_policy
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.template import loader

logger = logging.getLogger("komensite.outage")

# What psycopg raises (through Django) when the server is down, restarting, refusing
# connections or has dropped ours. Programming errors (bad SQL) are not in this list: they
# are bugs and must stay loud 500s.
DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)


# Fields of the posting forms worth giving back when saving failed, with their labels.
KEPT_FIELDS = {"title": "Title", "message": "Your message", "details": "Details"}
# Sent back unchanged so "Send again" is the same form: the one-use submission token makes a
# repeat of a message that was in fact saved show the saved post instead of a second copy.
RESENT_HIDDEN_FIELDS = ("csrfmiddlewaretoken", "submission_token")


def kept_submission(request):
    """What the member typed into the form whose POST failed: nothing typed is lost."""
    if request is None or request.method != "POST":
        return None
    try:
        data = request.POST
    except Exception:  # noqa: BLE001 - an unreadable body has nothing to keep
        return None
    fields = [
        {"name": name, "label": label, "value": data[name], "long": name != "title"}
        for name, label in KEPT_FIELDS.items()
        if data.get(name, "").strip()
    ]
    if not fields:
        return None
    hidden = [{"name": name, "value": data[name]} for name in RESENT_HIDDEN_FIELDS if name in data]
    return {"action": request.path, "fields": fields, "hidden": hidden}


def database_unavailable_response(request=None):
    """The friendly 503 page. Rendered without a request context: no context processors, no
    site settings, no database. For a failed form it shows what the member typed, ready to
    send again."""
    context = {"kept": kept_submission(request)}
    response = HttpResponse(loader.get_template("503.html").render(context), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


def is_database_down(exception):
    return isinstance(exception, DATABASE_DOWN_ERRORS)


class DatabaseUnavailableMiddleware:
    """Turn "the database is unreachable" into a 503 page visitors can read.

    Exceptions raised by views (page serving, search, forms) arrive in `process_exception`.
    Those raised by other middleware (sessions, auth, redirects) are turned into a 500 by
    Django before they reach us; `komensite.views.server_error` answers those with the same
    503 page. The site recovers by itself: Django drops a broken connection at the end of the
    request and opens a new one for the next (`CONN_HEALTH_CHECKS` in settings).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_down(exception):
            return None
        logger.error("Database unavailable while serving %s: %s", request.path, exception)
        return database_unavailable_response(request)


class AdminContentSecurityPolicyMiddleware:
    """Send `ADMIN_CONTENT_SECURITY_POLICY` on the admin, which the public policy excludes.

    Kept separate so the public policy stays strict (no 'unsafe-inline' anywhere) while the
    admin gets the one relaxation it needs (inline style attributes)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(settings.ADMIN_URL_PREFIXES)
        self.policy = build_policy(config=settings.ADMIN_CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(self.prefixes) and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response


class PublicGZipMiddleware(GZipMiddleware):
    """Gzip HTML only when the response is public: the page cache marked it cacheable for
    everyone (`Cache-Control: public`), it sets no cookie and no CSRF token was issued.

    BREACH recovers a secret from the size of compressed responses that also reflect
    attacker-chosen text (a search query, a form value). A public response holds no secret
    (no CSRF token, no session data, nothing personal: the page cache refuses responses with
    any of these), so compressing it exposes nothing. Everything personal or with a form
    token (sign-in, posting, profiles, the admin) goes out uncompressed. Static files are
    compressed ahead of time by WhiteNoise, which answers before this middleware runs."""

    def process_response(self, request, response):
        if not is_public_response(request, response):
            return response
        return super().process_response(request, response)


def is_public_response(request, response):
    control = response.get("Cache-Control", "").lower()
    if "public" not in control or "private" in control or "no-store" in control:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)
