"""Security headers, cookies, sessions, login throttling, password rules and admin access."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from core.models import Session
from tests.public_urls import page_type_urls, route_samples

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long and unusual passphrase 7"
SIX_MONTHS = 60 * 60 * 24 * 182


@pytest.fixture(scope="module")
def production():
    """The production settings as `manage.py` would load them, read in a subprocess."""
    names = [
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SAMESITE",
        "AXES_ENABLED",
        "LOGGING",
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "AXES_", "LOG_LEVEL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="komensite.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="testserver,www.example.org",
    )
    code = f"import django, json; from django.conf import settings; django.setup(); print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    values = json.loads(out.stdout.strip().splitlines()[-1])
    if values["SECURE_PROXY_SSL_HEADER"]:
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def as_production(settings, production):
    for name, value in production.items():
        setattr(settings, name, value)
    return production


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


def admin_login(client, username, password, path="/admin/login/", **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


# --- Headers ---------------------------------------------------------------------------


def test_every_public_url_sends_the_security_headers(db):
    call_command("load_demo_content", stdout=StringIO())
    client = Client()
    routes, _ = route_samples(["plain"])
    urls = set(page_type_urls().values()) | {paths[0] for paths in routes.values()} | {"/no-such-page/"}
    for url in sorted(urls):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
        assert "unsafe-inline" not in script_src and "unsafe-eval" not in csp, url
        for directive in (
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
            "default-src 'self'",
        ):
            assert directive in csp, (url, directive)
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert response["X-Frame-Options"] == "DENY", url
        policy = response["Permissions-Policy"]
        assert "geolocation=(self)" in policy, url
        assert "camera=()" in policy and "microphone=()" in policy and "payment=()" in policy, url


def test_admin_has_its_own_scoped_policy(client, db):
    response = client.get("/admin/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in csp
    assert "unsafe-eval" not in csp
    assert "object-src 'none'" in csp and "base-uri 'self'" in csp and "frame-ancestors 'self'" in csp
    assert "geolocation=(self)" in response["Permissions-Policy"]
    # ... and the public policy is not loosened by it.
    assert "unsafe-inline" not in client.get("/search/")["Content-Security-Policy"].split("style-src")[0]


def test_production_sends_hsts_for_at_least_six_months(client, home, as_production):
    assert as_production["SECURE_HSTS_SECONDS"] >= SIX_MONTHS
    response = client.get("/", secure=True)
    assert response.status_code == 200
    hsts = response["Strict-Transport-Security"]
    max_age = int(hsts.split("max-age=")[1].split(";")[0])
    assert max_age >= SIX_MONTHS and "includeSubDomains" in hsts
    # Plain HTTP is redirected to HTTPS.
    insecure = client.get("/")
    assert insecure.status_code == 301 and insecure["Location"].startswith("https://")


def test_logging_is_configured_once_with_a_default_level_per_environment(production, settings):
    """One logging_settings() in base.py: production logs INFO by default, development and tests
    WARNING (LOG_LEVEL overrides both), to the console."""
    assert production["LOGGING"]["root"] == {"handlers": ["console"], "level": "INFO"}
    assert production["LOGGING"]["handlers"] == settings.LOGGING["handlers"]
    assert settings.LOGGING["root"]["level"] == os.environ.get("LOG_LEVEL", "WARNING")


# --- Cookies and sessions ----------------------------------------------------------------


def test_production_session_and_csrf_cookies_are_secure(client, editor, as_production):
    client.get("/admin/login/", secure=True)
    csrf = client.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    response = admin_login(client, "editor", PASSWORD, secure=True)
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_session_key_rotates_at_login_and_logout_ends_it_on_the_server(client, editor):
    # An anonymous session exists before login (e.g. someone planted its cookie).
    anonymous = client.session
    anonymous["seen"] = True
    anonymous.save()
    client.cookies["sessionid"] = anonymous.session_key
    before = anonymous.session_key

    assert admin_login(client, "editor", PASSWORD).status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.get("/admin/").status_code == 200

    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=after).exists()

    # Replaying the old cookie gets nowhere.
    replay = Client()
    replay.cookies["sessionid"] = after
    response = replay.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- Login throttling ----------------------------------------------------------------------


def test_admin_login_locks_after_five_failures_for_that_username_and_ip(client, editor):
    for _ in range(4):
        response = admin_login(client, "editor", "wrong password")
        assert response.status_code == 200  # the form again, with an error
    assert admin_login(client, "editor", "wrong password").status_code == 429  # the fifth failure locks
    locked = admin_login(client, "editor", PASSWORD)  # even the right password, for now
    assert locked.status_code == 429
    assert b"Too many sign-in attempts" in locked.content
    assert "_auth_user_id" not in client.session

    # Same IP, other username: not locked. Same username, other IP: not locked.
    get_user_model().objects.create_superuser("other", "other@example.org", PASSWORD)
    assert admin_login(Client(), "other", PASSWORD).status_code == 302
    assert admin_login(Client(), "editor", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_a_forged_x_forwarded_for_does_not_escape_the_lockout(client, editor):
    for n in range(5):
        admin_login(client, "editor", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert admin_login(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.77").status_code == 429


def test_case_and_spaces_in_the_username_share_one_count(client, editor):
    for username in ("Editor", "EDITOR", " editor", "editoR ", "eDitor"):
        admin_login(client, username, "wrong")
    assert admin_login(client, "editor", PASSWORD).status_code == 429


def test_member_logins_by_email_are_counted_per_account(rf, editor):
    """Member logins (allauth) authenticate with the email address; axes counts those too."""
    from django.contrib.auth import authenticate

    def attempt(password):
        request = rf.post("/accounts/login/", {"login": "editor@example.org", "password": password})
        authenticate(request, email="editor@example.org", password=password)
        return request

    for _ in range(4):
        assert not getattr(attempt("wrong"), "axes_locked_out", False)
    attempt("wrong")
    assert attempt(PASSWORD).axes_locked_out is True


def test_django_admin_login_is_throttled_too(client, editor):
    for _ in range(5):
        admin_login(client, "editor", "wrong", path="/django-admin/login/")
    assert admin_login(client, "editor", PASSWORD, path="/django-admin/login/").status_code == 429


def test_a_successful_login_resets_the_failure_count(client, editor):
    for _ in range(4):
        admin_login(client, "editor", "wrong password")
    assert admin_login(client, "editor", PASSWORD).status_code == 302
    client.post("/admin/logout/")
    for _ in range(4):
        admin_login(client, "editor", "wrong password")
    assert admin_login(client, "editor", PASSWORD).status_code == 302


def test_test_client_login_still_works_for_other_tests(client, editor):
    assert client.login(username="editor", password=PASSWORD)
    assert not client.login(username="editor", password="wrong")


# --- Passwords and admin access -----------------------------------------------------------


@pytest.mark.parametrize("password", ["password123", "qwertyuiop", "1234567890123", "short1!"])
def test_weak_passwords_are_refused(password, db):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_strong_password_is_accepted(db):
    validate_password(PASSWORD)


def test_admin_requires_staff_or_admin_permission(client, db):
    member = get_user_model().objects.create_user("member", "member@example.org", PASSWORD)
    client.force_login(member)
    wagtail = client.get("/admin/")
    assert wagtail.status_code == 302 and "/admin/login/" in wagtail["Location"]
    django_admin = client.get("/django-admin/")
    assert django_admin.status_code == 302 and "/django-admin/login/" in django_admin["Location"]
    # Logging in with valid member credentials does not open the admin either.
    client.logout()
    admin_login(client, "member", PASSWORD)
    assert client.get("/admin/").status_code == 302
