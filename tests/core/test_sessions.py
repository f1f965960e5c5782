"""core.sessions: database sessions read with their user in one statement (issue 15)."""

import datetime as dt
import importlib

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, login, logout
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sessions.models import Session as DjangoSession
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import sessions
from core.models import Session
from core.sessions import SessionStore
from demo.factories.forums import MemberFactory
from komensite import auth_backends

pytestmark = pytest.mark.django_db

MEMBER_BACKEND = "komensite.auth_backends.MemberBackend"
move_sessions = importlib.import_module("core.migrations.0002_move_sessions")


def signed_in_store(user, backend=MEMBER_BACKEND):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store


def client_with(store):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    return client


def test_the_site_uses_this_engine_and_reader():
    assert settings.SESSION_ENGINE == "core.sessions"
    assert settings.SESSION_READER == "komensite.auth_backends.read_session"
    assert "core.sessions.AuthenticationMiddleware" in settings.MIDDLEWARE
    assert Session.get_session_store_class() is SessionStore
    assert SessionStore.get_model_class() is Session


def test_each_save_writes_the_user_the_data_names(django_user_model):
    first = django_user_model.objects.create_user("first", "first@example.com", "a-long-password-1")
    second = django_user_model.objects.create_user("second", "second@example.com", "a-long-password-1")
    store = SessionStore()
    store["seen"] = True
    store.create()
    assert Session.objects.get(pk=store.session_key).user_id is None
    store[SESSION_KEY] = str(first.pk)
    store.save()
    assert Session.objects.get(pk=store.session_key).user_id == first.pk
    store[SESSION_KEY] = str(second.pk)
    store.save()
    assert Session.objects.get(pk=store.session_key).user_id == second.pk
    store[SESSION_KEY] = "not-an-id"
    store.save()
    assert Session.objects.get(pk=store.session_key).user_id is None
    assert Session.objects.get(pk=store.session_key).get_decoded()[SESSION_KEY] == "not-an-id"


def test_the_session_and_its_user_in_one_statement():
    member = MemberFactory()
    store = signed_in_store(member.user)
    with CaptureQueriesContext(connection) as ctx:
        loaded = SessionStore(store.session_key)
        assert loaded[SESSION_KEY] == str(member.user.pk)
        user = loaded.user_for(str(member.user.pk))
    assert len(ctx.captured_queries) == 1
    assert user.pk == member.user.pk and user.member.display_name == member.display_name
    assert loaded.user_for(str(member.user.pk)) is None  # once


def test_a_request_reads_its_identity_in_one_statement():
    member = MemberFactory(display_name="Reading Reader")
    client = client_with(signed_in_store(member.user))
    client.get("/accounts/email/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/accounts/email/")
    assert response.status_code == 200
    assert response.wsgi_request.user.pk == member.user.pk
    identity = [
        q["sql"]
        for q in ctx.captured_queries
        if '"core_session"' in q["sql"] or 'FROM "auth_user"' in q["sql"]
    ]
    assert len(identity) == 1, identity
    assert '"core_session"' in identity[0] and '"auth_user"' in identity[0]


def test_the_user_column_alone_never_signs_anyone_in():
    """Only the signed data names the user: a row whose column names someone else (written by
    hand) gets the data's user, loaded on its own."""
    member, other = MemberFactory(display_name="The Reader"), MemberFactory(display_name="Someone Else")
    store = signed_in_store(member.user)
    Session.objects.filter(pk=store.session_key).update(user_id=other.user.pk)
    loaded = SessionStore(store.session_key)
    loaded.load()
    assert loaded.user_for(str(member.user.pk)) is None
    response = client_with(store).get("/accounts/email/")
    assert response.wsgi_request.user.pk == member.user.pk


def test_a_preloaded_user_is_only_offered_while_auth_reads_that_session():
    member = MemberFactory()
    store = signed_in_store(member.user)
    loaded = SessionStore(store.session_key)
    loaded.load()
    assert sessions.preloaded_user(str(member.user.pk)) is None  # no request's session being read
    assert loaded.user_for(str(member.user.pk)).pk == member.user.pk


def test_a_deleted_user_signs_out_and_deletes_their_sessions():
    member = MemberFactory()
    store = signed_in_store(member.user)
    client = client_with(store)
    assert client.get("/accounts/email/").wsgi_request.user.is_authenticated
    member.user.delete()
    assert not Session.objects.filter(pk=store.session_key).exists()
    assert not client.get("/accounts/email/").wsgi_request.user.is_authenticated


def test_a_session_whose_user_row_is_gone_is_anonymous():
    member = MemberFactory()
    store = signed_in_store(member.user)
    Session.objects.filter(pk=store.session_key).update(user_id=member.user.pk + 1000)
    response = client_with(store).get("/accounts/email/")
    assert response.wsgi_request.user.pk == member.user.pk  # the data's user, loaded on its own
    loaded = SessionStore(store.session_key)
    assert loaded.load()[SESSION_KEY] == str(member.user.pk)
    assert loaded.user_for(str(member.user.pk)) is None


def test_an_inactive_user_or_a_changed_password_signs_out():
    member = MemberFactory()
    store = signed_in_store(member.user)
    member.user.is_active = False
    member.user.save()
    assert not client_with(store).get("/accounts/email/").wsgi_request.user.is_authenticated
    other = MemberFactory()
    store = signed_in_store(other.user)
    other.user.set_password("another-long-password-2")
    other.user.save()
    assert not client_with(store).get("/accounts/email/").wsgi_request.user.is_authenticated


def test_a_session_of_a_retired_backend_loads_its_user_itself():
    member = MemberFactory()
    store = signed_in_store(member.user, backend="django.contrib.auth.backends.ModelBackend")
    response = client_with(store).get("/accounts/email/")
    assert response.wsgi_request.user.pk == member.user.pk


@pytest.mark.parametrize("reader", ["komensite.auth_backends.read_session", ""])
def test_one_query_for_an_anonymous_session(reader, django_assert_num_queries):
    with override_settings(SESSION_READER=reader):
        store = SessionStore()
        store["a"] = 1
        store.create()
        with django_assert_num_queries(1):
            assert SessionStore(store.session_key).load() == {"a": 1}


# The first three never reach the statement (Django's base class refuses them as keys); the
# last ones are well-formed keys of no session.
@pytest.mark.parametrize("reader", ["komensite.auth_backends.read_session", ""])
@pytest.mark.parametrize(
    "key", ["", None, "x" * 7, "no-such-session-key-0123456789abcdef", "abcdefgh12345678abcdefgh12345678"]
)
def test_missing_or_malformed_key_is_an_empty_new_session(key, reader):
    with override_settings(SESSION_READER=reader):
        store = SessionStore(key)
        assert store.load() == {}
        assert store.session_key is None
        assert store.user_for("1") is None


@pytest.mark.parametrize("reader", ["komensite.auth_backends.read_session", ""])
def test_expired_session_is_not_read(reader):
    member = MemberFactory()
    with override_settings(SESSION_READER=reader):
        store = signed_in_store(member.user)
        Session.objects.filter(session_key=store.session_key).update(
            expire_date=timezone.now() - dt.timedelta(seconds=1)
        )
        again = SessionStore(store.session_key)
        assert again.load() == {}
        assert again.session_key is None
        assert again.user_for(str(member.user.pk)) is None
        # Saving it again makes a new session: the expired key is never reused.
        again["b"] = 2
        again.save()
        assert again.session_key != store.session_key


def test_tampered_data_decodes_to_an_empty_session_and_no_user():
    member = MemberFactory()
    store = signed_in_store(member.user)
    Session.objects.filter(session_key=store.session_key).update(session_data="forged:data")
    loaded = SessionStore(store.session_key)
    assert loaded.load() == {}
    assert loaded.user_for(str(member.user.pk)) is None
    assert not client_with(store).get("/accounts/email/").wsgi_request.user.is_authenticated


def test_the_migration_moves_live_sessions_with_their_users_and_back(django_user_model):
    user = django_user_model.objects.create_user("moved", "moved@example.com", "a-long-password-1")
    store = SessionStore()  # the same salt as Django's engine: data moves unchanged
    live = {
        SESSION_KEY: str(user.pk),
        BACKEND_SESSION_KEY: MEMBER_BACKEND,
        HASH_SESSION_KEY: user.get_session_auth_hash(),
    }
    later = timezone.now() + dt.timedelta(days=1)
    DjangoSession.objects.create(session_key="a" * 32, session_data=store.encode(live), expire_date=later)
    DjangoSession.objects.create(
        session_key="b" * 32, session_data=store.encode({"seen": 1}), expire_date=later
    )
    DjangoSession.objects.create(session_key="c" * 32, session_data="forged:data", expire_date=later)
    DjangoSession.objects.create(
        session_key="d" * 32,
        session_data=store.encode(live),
        expire_date=timezone.now() - dt.timedelta(days=1),
    )
    move_sessions.move(DjangoSession, Session, with_user=True)
    moved = {row.session_key[0]: row.user_id for row in Session.objects.all()}
    assert moved == {"a": user.pk, "b": None, "c": None}
    assert list(DjangoSession.objects.values_list("session_key", flat=True)) == ["d" * 32]  # expired: left
    assert client_with(SessionStore("a" * 32)).get("/accounts/email/").wsgi_request.user.pk == user.pk
    move_sessions.move(Session, DjangoSession, with_user=False)
    assert not Session.objects.exists()
    assert DjangoSession.objects.count() == 4
    assert DjangoSession.objects.get(pk="a" * 32).get_decoded() == live


def test_signed_in_request_uses_the_session(client, django_user_model):
    user = django_user_model.objects.create_user("reader", "reader@example.com", "a-long-password-1")
    client.force_login(user)
    response = client.get("/accounts/email/")
    assert response.status_code == 200
    assert response.wsgi_request.user == user
    client.logout()
    assert not Session.objects.exists()


def test_the_session_user_query_is_compiled_once_per_shape():
    first, second = MemberFactory(display_name="First Reader"), MemberFactory(display_name="Second Reader")
    auth_backends._SESSION_WITH_USER._plans.clear()
    for member in (first, second, first):
        loaded = SessionStore(signed_in_store(member.user).session_key)
        loaded.load()
        assert loaded.user_for(str(member.user.pk)).member.display_name == member.display_name
    assert len(auth_backends._SESSION_WITH_USER._plans) == 1


def test_request_user_is_the_object_the_lazy_user_holds(rf):
    member = MemberFactory()
    store = signed_in_store(member.user)
    request = rf.get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = store.session_key
    SessionMiddleware(lambda r: None).process_request(request)
    sessions.AuthenticationMiddleware(lambda r: None).process_request(request)
    user = sessions.request_user(request)
    assert type(user) is type(member.user) and user.pk == member.user.pk
    assert sessions.request_user(request) is user
    user.noted = "set on the user"
    assert request.user.noted == "set on the user"  # the wrapper holds this very object
    logout(request)
    assert not sessions.request_user(request).is_authenticated
    other = MemberFactory().user
    login(request, other, backend=MEMBER_BACKEND)
    assert sessions.request_user(request) is other


def test_request_user_of_an_anonymous_request(rf):
    request = rf.get("/")
    SessionMiddleware(lambda r: None).process_request(request)
    sessions.AuthenticationMiddleware(lambda r: None).process_request(request)
    assert not sessions.request_user(request).is_authenticated
    bare = rf.get("/")
    bare.user = member = MemberFactory().user  # set by other code: returned as it is
    assert sessions.request_user(bare) is member


def test_clearsessions_removes_expired_sessions_from_this_table():
    live = signed_in_store(MemberFactory().user)
    expired = signed_in_store(MemberFactory().user)
    Session.objects.filter(pk=expired.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    call_command("clearsessions")
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
