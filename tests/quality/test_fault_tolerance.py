"""The site under faults: the cache gone, the database gone and back."""

import json
import urllib.error
import urllib.request

import pytest
from django.db import OperationalError, connections
from django.test import Client

from demo.factories import StandardPageFactory
from komensite.views import server_error

BROKEN_CACHE = {
    # A real backend that cannot work: its directory can never be created (/dev/null is a file).
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": "/dev/null/cache",
    }
}


def fetch(url, headers=None):
    """(status, headers, body) from our live server, without raising on 4xx/5xx."""
    if not url.startswith("http://127.0.0.1:") and not url.startswith("http://localhost:"):
        raise ValueError(url)
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - checked above
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - checked above
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_health_reports_database_and_cache(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_health_says_degraded_but_stays_up_when_the_cache_is_down(client, db, settings):
    settings.CACHES = BROKEN_CACHE
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_health_rejects_other_methods(client, db):
    assert client.post("/health/").status_code == 405


# Live-server tests flush the database afterwards; serialized_rollback restores the rows the
# migrations made (Wagtail's root page and default site) for the tests that follow.
live = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@live
def test_database_outage_shows_friendly_503_and_the_site_recovers(home, live_server, database_switch):
    about = StandardPageFactory(parent=home, title="About us")
    for path in ("/", about.url, "/search/?q=support"):
        assert fetch(live_server.url + path)[0] == 200

    database_switch.down()
    for path in ("/", about.url, "/search/?q=support", "/no-such-page/"):
        status, headers, body = fetch(live_server.url + path)
        assert status == 503, path
        assert headers["Retry-After"] == "30"
        assert "We'll be back shortly" in body
        assert "tel:+18774656636" in body
        assert "Traceback" not in body and "OperationalError" not in body
        assert 'href="#main"' in body
    status, _, body = fetch(live_server.url + "/health/")
    assert status == 503
    assert json.loads(body)["database"] == "unavailable"

    database_switch.up()
    status, _, body = fetch(live_server.url + about.url)
    assert status == 200 and "About us" in body
    status, _, body = fetch(live_server.url + "/health/")
    assert status == 200 and json.loads(body)["database"] == "ok"


def test_database_errors_outside_views_also_get_the_503_page(rf):
    """Errors raised in middleware (sessions, auth) reach Django's 500 handler, not
    process_exception; the handler answers a database outage with the same 503 page."""
    try:
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    assert b"We'll be back shortly" in response.content
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


# Production's cache backend pointed at a port where nothing listens: Redis is "down".
TOLERANT_DEAD_REDIS = {
    "default": {
        "BACKEND": "core.cache.backends.TolerantRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def test_without_a_tolerant_backend_a_dead_cache_breaks_every_page(home, settings):
    """Why production uses TolerantRedisCache: Wagtail writes the default cache while serving pages."""
    url = StandardPageFactory(parent=home, title="About us").url
    settings.CACHES = BROKEN_CACHE
    assert Client(raise_request_exception=False).get(url).status_code == 500


def test_pages_still_render_when_the_cache_is_down(home, settings, client):
    settings.CACHES = TOLERANT_DEAD_REDIS
    about = StandardPageFactory(parent=home, title="About us", show_in_menus=True)
    for path in ("/", about.url, "/search/?q=about", "/no-such-page/"):
        assert client.get(path).status_code == (404 if path == "/no-such-page/" else 200), path
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def _serve(handler, path):
    """One request through Django's real WSGI handler (request_started/finished signals
    included, unlike the test client), returning the status code."""
    from django.test import RequestFactory

    statuses = []
    environ = RequestFactory().get(path).environ
    response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(response)
    response.close()  # sends request_finished, where Django keeps or drops the connection
    return int(statuses[0].split()[0])


@live
def test_a_database_restart_under_persistent_connections_is_invisible(home):
    """Production keeps connections open (CONN_MAX_AGE) with health checks: when PostgreSQL
    drops them (restart, failover), the next request notices and reconnects."""
    import psycopg
    from django.core.handlers.wsgi import WSGIHandler

    connection = connections["default"]
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    saved = connection.settings_dict["CONN_MAX_AGE"]
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 60
    try:
        handler = WSGIHandler()
        assert _serve(handler, "/") == 200
        first_pid = connection.connection.info.backend_pid  # kept open after the request
        with psycopg.connect(**connection.get_connection_params(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [first_pid])
        assert _serve(handler, "/") == 200
        assert connection.connection.info.backend_pid != first_pid
    finally:
        connection.close()
        connection.settings_dict["CONN_MAX_AGE"] = saved
