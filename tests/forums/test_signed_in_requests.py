"""What every signed-in request pays before the page's own work (issue 15, session 6): the
session's user with the member profile, the verified-email fact and the "in a group / holds a
permission" facts in one query (`komensite.auth_backends.MemberBackend`), Wagtail's user bar
without a permission query for plain members, and sessions made before the change still
signing in."""

import datetime as dt

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, authenticate, get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demo.factories.forums import (
    PASSWORD,
    MemberFactory,
    TopicFactory,
    UserFactory,
    make_lead_moderator,
    make_moderator,
)
from forums import policy
from komensite import auth_backends
from komensite.auth_backends import MemberBackend

MEMBER_BACKEND = "komensite.auth_backends.MemberBackend"
RETIRED_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
USERBAR = "wagtail-userbar-template"


def permission_queries(captured):
    return [q["sql"] for q in captured if "auth_permission" in q["sql"]]


def client_for(user, backend=None):
    client = Client()
    client.force_login(user, backend=backend)
    return client


# --- Logins and sessions --------------------------------------------------------------------


def test_member_email_login_and_admin_username_login_name_the_member_backend(db):
    member = MemberFactory()
    client = Client()
    response = client.post("/accounts/login/", {"login": member.user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.session[BACKEND_SESSION_KEY] == MEMBER_BACKEND

    editor = UserFactory(username="editor-login", is_staff=True, is_superuser=True)
    admin = Client()
    response = admin.post("/admin/login/", {"username": "editor-login", "password": PASSWORD})
    assert response.status_code == 302
    assert admin.session[BACKEND_SESSION_KEY] == MEMBER_BACKEND
    assert admin.get("/admin/").status_code == 200
    # An email typed into the admin's username box still signs in (allauth's fallback, as before).
    by_email = Client()
    response = by_email.post("/admin/login/", {"username": editor.email, "password": PASSWORD})
    assert response.status_code == 302 and by_email.session[BACKEND_SESSION_KEY] == MEMBER_BACKEND


@pytest.mark.parametrize("backend", RETIRED_BACKENDS)
def test_sessions_naming_the_retired_backends_still_sign_in(board, backend):
    """Sessions created before MemberBackend name ModelBackend (admin logins, `force_login`)
    or allauth's backend (member logins); they stay signed in, and the policy still decides
    from the right facts (a reply posts, a suspended member is refused)."""
    member = MemberFactory()
    client = client_for(member.user, backend=backend)
    assert client.session[BACKEND_SESSION_KEY] == backend
    response = client.get("/members/messages/")
    assert response.status_code == 200 and response.wsgi_request.user.pk == member.user.pk
    topic = TopicFactory(board=board)
    assert client.post(topic.url + "reply/", {"message": "Still here"}).status_code == 302
    member.suspended_until = timezone.now() + dt.timedelta(days=1)
    member.suspension_reason = "Cooling off"
    member.save()
    refused = client.post(topic.url + "reply/", {"message": "Again"})
    assert refused.status_code == 403 and "Cooling off" in refused.content.decode()


class CountingHasher(MD5PasswordHasher):
    """The test settings' hasher, counting how many passwords it hashes."""

    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


@override_settings(PASSWORD_HASHERS=[f"{__name__}.CountingHasher"])
def test_a_failed_login_hashes_no_more_than_before(rf, db):
    """The retired backends after MemberBackend never check a password again: a refused
    login costs what it cost when ModelBackend and allauth's backend were the chain (a
    username: ModelBackend's check and allauth's timing mitigation; an email: allauth's check)."""
    user = UserFactory(username="hashcount", email="hashcount@example.org")

    def hashes(**credentials):
        CountingHasher.calls = 0
        request = rf.post("/accounts/login/", {})
        assert authenticate(request, **credentials) is None
        return CountingHasher.calls

    assert hashes(username="hashcount", password="wrong") == 2
    assert hashes(email="hashcount@example.org", password="wrong") == 1
    assert hashes(username="nobody-at-all", password="wrong") == 2
    request = rf.post("/accounts/login/", {})
    assert authenticate(request, email=user.email, password=PASSWORD) == user


# --- The user and its facts in one query ------------------------------------------------------


def test_the_user_and_what_the_policy_reads_in_one_query(board, member):
    with CaptureQueriesContext(connection) as ctx:
        user = MemberBackend().get_user(member.user.pk)
        assert policy.member_of(user) == member
        assert policy.has_verified_email(user) and policy.is_verified_account(user)
        assert not policy.is_moderator(user, board) and not policy.is_lead_moderator(user)
        assert policy.moderated_board_ids(user) == []
        assert policy.posting_refusal(user, board) == ""  # no slow mode query: none applies
        assert not user.has_perm("wagtailadmin.access_admin")
        assert not user.has_module_perms("wagtailadmin")
        assert user.get_all_permissions() == set()
    queries = [q["sql"] for q in ctx.captured_queries]
    assert len([q for q in queries if 'FROM "auth_user"' in q]) == 1, queries
    others = [q for q in queries if 'FROM "auth_user"' not in q]
    assert not [q for q in others if "auth_group" in q or "auth_permission" in q], queries


def test_a_moderators_groups_come_with_the_user(board, moderator, lead, other_board):
    """Issue 15: the user's groups (their ids, and whether one is the lead moderators') are read
    with the user, so a moderator's page reads no group query of its own."""
    for profile, lead_flag, boards in ((moderator, False, [board.pk]), (lead, True, None)):
        with CaptureQueriesContext(connection) as ctx:
            user = MemberBackend().get_user(profile.user.pk)
            assert policy.is_lead_moderator(user) is lead_flag
            assert policy.is_moderator(user, board)
            assert policy.is_moderator(user, other_board) is lead_flag
        assert len(ctx.captured_queries) == 1, [q["sql"] for q in ctx.captured_queries]
        if boards is not None:
            assert policy.moderated_board_ids(user) == boards


def test_facts_through_request_user_cost_no_second_query(board, member):
    """`request.user` is a lazy wrapper: the facts the backend stored on the user it loaded
    are found through it (the policy once kept them on the wrapper and loaded them again)."""
    client = client_for(member.user)
    topic = TopicFactory(board=board)
    client.get(topic.url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(topic.url).status_code == 200
    users = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].count('FROM "auth_user"') or 'FROM "core_session"' in q["sql"]
    ]
    assert len(users) == 1, users  # read with the session (core.sessions)
    assert not [
        q for q in ctx.captured_queries if "auth_user_groups" in q["sql"] and "policy_" not in q["sql"]
    ]


def kinds_of_account(board):
    now = timezone.now()
    no_profile = UserFactory()
    superuser = MemberFactory(user=UserFactory(is_superuser=True, is_staff=True)).user
    own_permission = MemberFactory().user
    own_permission.user_permissions.add(Permission.objects.get(codename="access_admin"))
    editors = Group.objects.create(name="Editors of this test")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor = UserFactory()
    editor.groups.add(editors)
    return {
        "member": MemberFactory().user,
        "unverified": MemberFactory(user=UserFactory(verified=False)).user,
        "suspended": MemberFactory(suspended_until=now + dt.timedelta(days=3), suspension_reason="Cool").user,
        "suspension over": MemberFactory(suspended_until=now - dt.timedelta(minutes=1)).user,
        "banned": MemberFactory(is_banned=True).user,
        "no member profile": no_profile,
        "board moderator": make_moderator(board).user,
        "lead moderator": make_lead_moderator().user,
        "superuser": superuser,
        "own permission": own_permission,
        "editor": editor,
    }


def decisions(user, board):
    member = policy.member_of(user)
    return {
        "member": member.pk if member else None,
        "verified": policy.has_verified_email(user),
        "verified account": policy.is_verified_account(user),
        "lead": policy.is_lead_moderator(user),
        "moderates board": policy.is_moderator(user, board),
        "moderated boards": sorted(policy.moderated_board_ids(user)),
        "posting refusal": str(policy.posting_refusal(user, board)),
        "admin": user.has_perm("wagtailadmin.access_admin"),
        "permissions": sorted(user.get_all_permissions()),
    }


def test_every_kind_of_account_is_decided_as_with_a_plainly_loaded_user(board):
    """The facts loaded with the user give the same decisions as the policy's own queries on
    a user loaded the old way (ModelBackend): unverified, suspended, banned, moderators,
    superusers, editors and accounts with permissions of their own."""
    accounts = kinds_of_account(board)
    board = type(board).objects.get(pk=board.pk)  # with the moderator group made for it
    seen = {}
    for name, account in accounts.items():
        plain = get_user_model().objects.get(pk=account.pk)
        seen[name] = decisions(MemberBackend().get_user(account.pk), board)
        assert seen[name] == decisions(plain, board), name
    assert "suspended" in seen["suspended"]["posting refusal"]
    assert "Confirm your email" in seen["unverified"]["posting refusal"]
    assert seen["member"]["posting refusal"] == seen["suspension over"]["posting refusal"] == ""
    assert seen["banned"]["posting refusal"]
    assert seen["board moderator"]["moderates board"] and seen["lead moderator"]["lead"]
    assert [name for name, facts in seen.items() if facts["admin"]] == [
        "superuser",
        "own permission",
        "editor",
    ]


def test_unverified_and_suspended_members_are_refused_through_a_request(board):
    topic = TopicFactory(board=board)
    unverified = client_for(MemberFactory(user=UserFactory(verified=False)).user)
    response = unverified.post(topic.url + "reply/", {"message": "hi"})
    assert response.status_code == 403 and "Confirm your email address" in response.content.decode()
    suspended = MemberFactory(
        suspended_until=timezone.now() + dt.timedelta(days=2), suspension_reason="Heated"
    )
    response = client_for(suspended.user).post(topic.url + "reply/", {"message": "hi"})
    assert response.status_code == 403 and "Heated" in response.content.decode()


def test_an_inactive_account_is_signed_out(board, member):
    client = client_for(member.user)
    type(member.user).objects.filter(pk=member.user.pk).update(is_active=False)
    assert client.get("/members/messages/").status_code == 302
    assert MemberBackend().get_user(member.user.pk) is None
    assert MemberBackend().get_user(10**9) is None


# --- Wagtail's user bar -------------------------------------------------------------------------


def test_a_plain_member_gets_no_user_bar_and_no_permission_query(board, member):
    client = client_for(member.user)
    topic = TopicFactory(board=board)
    for url in (board.url, topic.url):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        assert USERBAR not in response.content.decode()
        assert permission_queries(ctx.captured_queries) == [], url


def test_editors_moderators_and_superusers_still_see_the_user_bar(board):
    accounts = kinds_of_account(board)
    for name in ("editor", "own permission", "superuser"):
        response = client_for(accounts[name]).get(board.url)
        assert USERBAR in response.content.decode(), name
    # A board moderator is in a group but has no admin access: no user bar until the group
    # is given it.
    moderator = client_for(accounts["board moderator"])
    assert USERBAR not in moderator.get(board.url).content.decode()
    moderators = Group.objects.get(pk=board.moderator_group_id)
    moderators.permissions.add(Permission.objects.get(codename="access_admin"))
    assert USERBAR in moderator.get(board.url).content.decode()


def test_views_that_are_not_a_wagtail_page_have_no_user_bar_nor_its_permission_query(board):
    """The moderation queue (a staff tool, not a Wagtail page) skips the bar: a lead moderator
    with admin access gets no bar there, and no permission query is run for it."""
    lead = make_lead_moderator().user
    lead.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = client_for(lead)
    assert USERBAR in client.get(board.url).content.decode()
    client.get("/moderation/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/moderation/")
    assert response.status_code == 200
    assert USERBAR not in response.content.decode()
    assert permission_queries(ctx.captured_queries) == []


# --- Nothing else per request -------------------------------------------------------------------


def test_signed_in_pages_read_only_the_session_and_the_user_before_their_own_work(board, member):
    """What a signed-in board or topic page pays for being signed in: the session and the
    user, read only. No session save, no last-seen or read-marker write once the marker is
    current, no group, permission, email or profile query of their own (the visit roll of
    "new since my last visit" is once per session, on the member's own pages)."""
    client = client_for(member.user)
    topic = TopicFactory(board=board)
    for url in (board.url, topic.url):
        client.get(url)  # the first visit writes the topic's read marker
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        queries = [q["sql"] for q in ctx.captured_queries]
        writes = [sql for sql in queries if sql.split()[0] in ("INSERT", "UPDATE", "DELETE")]
        assert writes == [], writes
        identity = [
            sql
            for sql in queries
            if any(
                table in sql for table in ('FROM "core_session"', 'FROM "auth_user"', 'FROM "forums_member"')
            )
            and "forums_topic" not in sql
            and "forums_post" not in sql
        ]
        assert len(identity) == 1, identity  # the session with its user and their facts


# --- The session's user, compiled once (issue 15, session 8) ----------------------------------


def test_the_session_user_query_is_compiled_once_and_each_session_gets_its_own_user(board):
    first, second = MemberFactory(display_name="First Reader"), MemberFactory(display_name="Second Reader")
    clients = [client_for(first.user, MEMBER_BACKEND), client_for(second.user, MEMBER_BACKEND)]
    auth_backends._SESSION_WITH_USER._plans.clear()
    for _ in range(2):
        for client, member in zip(clients, (first, second), strict=True):
            text = client.get(board.url).content.decode()
            other = second if member is first else first
            assert member.display_name in text and other.display_name not in text
    assert len(auth_backends._SESSION_WITH_USER._plans) == 1


def test_the_member_backend_refuses_ids_that_are_not_a_user(board, member):
    backend = MemberBackend()
    assert backend.get_user(member.user.pk).pk == member.user.pk
    assert backend.get_user(str(member.user.pk)).pk == member.user.pk  # as a session stores it
    assert backend.get_user("not-a-number") is None
    assert backend.get_user(None) is None
    assert backend.get_user(2_000_000_000) is None  # no such user
    get_user_model().objects.filter(pk=member.user.pk).update(is_active=False)
    assert backend.get_user(member.user.pk) is None
