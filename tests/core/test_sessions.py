"""core.sessions: Django's database sessions, read with one fixed statement (issue 15)."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_the_site_uses_this_engine():
    assert settings.SESSION_ENGINE == "core.sessions"


def test_reads_what_django_writes_and_django_reads_what_it_writes():
    ours = SessionStore()
    ours["note"] = "<b>kept</b>"
    ours.create()
    assert DjangoStore(ours.session_key).load() == {"note": "<b>kept</b>"}

    theirs = DjangoStore()
    theirs["count"] = 3
    theirs.create()
    loaded = SessionStore(theirs.session_key)
    assert loaded.load() == {"count": 3}
    assert loaded.session_key == theirs.session_key


def test_one_query_for_a_read(django_assert_num_queries):
    store = SessionStore()
    store["a"] = 1
    store.create()
    with django_assert_num_queries(1):
        assert SessionStore(store.session_key).load() == {"a": 1}


# The first three never reach the statement (Django's base class refuses them as keys); the
# last ones are well-formed keys of no session.
@pytest.mark.parametrize(
    "key", ["", None, "x" * 7, "no-such-session-key-0123456789abcdef", "abcdefgh12345678abcdefgh12345678"]
)
def test_missing_or_malformed_key_is_an_empty_new_session(key):
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None


def test_expired_session_is_not_read():
    store = SessionStore()
    store["a"] = 1
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    again = SessionStore(store.session_key)
    assert again.load() == {}
    assert again.session_key is None
    # Saving it again makes a new session: the expired key is never reused.
    again["b"] = 2
    again.save()
    assert again.session_key != store.session_key


def test_tampered_data_decodes_to_an_empty_session():
    store = SessionStore()
    store["user"] = "1"
    store.create()
    Session.objects.filter(session_key=store.session_key).update(session_data="forged:data")
    assert SessionStore(store.session_key).load() == {}


def test_signed_in_request_uses_the_session(client, django_user_model):
    user = django_user_model.objects.create_user("reader", "reader@example.com", "a-long-password-1")
    client.force_login(user)
    response = client.get("/accounts/email/")
    assert response.status_code == 200
    assert response.wsgi_request.user == user
    client.logout()
    assert not Session.objects.exists()
