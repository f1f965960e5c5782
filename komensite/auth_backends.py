from allauth.account.auth_backends import AuthenticationBackend
from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.db.models.functions import Now

from core import sessions
from core.compiled_queries import CompiledQuery
from core.models import Session
from forums.member_models import unread_notifications_of_user
from forums.policy import identity

# What the session's user is loaded with, besides the user row and its member profile.
USER_FACTS = (*identity.MEMBER_FACTS, "own_permissions", "unread_notifications")


def _user_facts(user_column):
    """The member facts (`identity.member_facts`), whether the user has permissions of their own
    and their unread notifications (the member bar's badge, `notifications_center.unread_count`),
    for the user whose id is the outer query's `user_column`."""
    User = get_user_model()
    return {
        **identity.member_facts(user_column),
        "own_permissions": Exists(
            User.user_permissions.through.objects.filter(user_id=OuterRef(user_column))
        ),
        "unread_notifications": unread_notifications_of_user(user_column),
    }


def _session_user(shape, user):
    """The user with their facts (a session made by another engine, a user asked for by id)."""
    User = get_user_model()
    return User._default_manager.filter(pk=user).select_related("member").annotate(**_user_facts("pk"))[:1]


def _session_with_user(shape, key):
    """The live session of `key` with the user its `user` column names, joined with their member
    profile and facts: the one statement of a signed-in request's identity (core.sessions)."""
    live = Session.objects.filter(session_key=key, expire_date__gt=Now())
    return live.select_related("user__member").annotate(**_user_facts("user_id"))[:1]


# Every signed-in request loads its user this way: building and compiling the query (a join and
# three subqueries) cost more than PostgreSQL spent running it, so its SQL is compiled once.
_SESSION_USER = CompiledQuery(_session_user)
_SESSION_WITH_USER = CompiledQuery(_session_with_user)


def read_session(key):
    """SESSION_READER: (the session's data, its user with their facts or None), or (None, None)
    when `key` names no live session. The user is only a candidate: `MemberBackend.get_user` takes
    it when the session's signed data names it (core.sessions.preloaded_user)."""
    rows = _SESSION_WITH_USER(None, key=key)
    if not rows:
        return None, None
    row = rows[0]
    user = row.user  # None: no user column, or a user deleted since
    if user is not None:
        for name in USER_FACTS:
            setattr(user, name, getattr(row, name))
    return row.session_data, user


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes login throttling for every login form (Wagtail admin, Django admin, members).

    Axes refuses `authenticate()` calls that carry no request, because it cannot tell who is
    trying. Those come only from code, never from a login form: Django's test client
    `client.login()`, shell sessions, management commands. There is nobody to throttle, so this
    backend steps aside for them and the next backend checks the password as usual.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class PermissionsInOneQuery:
    """Loads a signed-in user's permissions, their own and their groups', in one query where
    Django's ModelBackend makes two, on the first permission check of a request (Wagtail's
    user bar asks on every page a member sees).

    Listed before ModelBackend, it grants and authenticates nothing and loads no user (so
    sessions never name it): it fills the per-user cache that ModelBackend then reads, with
    the same set ModelBackend would compute (superusers are left to it)."""

    def authenticate(self, request, **credentials):
        return None

    def _prime(self, user_obj):
        if (
            user_obj.is_active
            and not user_obj.is_anonymous
            and not user_obj.is_superuser
            and not hasattr(user_obj, "_perm_cache")
        ):
            own = Permission.objects.filter(user=user_obj)
            of_groups = Permission.objects.filter(group__user=user_obj)
            rows = own.values_list("content_type__app_label", "codename").union(
                of_groups.values_list("content_type__app_label", "codename")
            )
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}

    def has_perm(self, user_obj, perm, obj=None):
        if obj is None:
            self._prime(user_obj)
        return False

    def has_module_perms(self, user_obj, app_label):
        self._prime(user_obj)
        return False


class MemberBackend(AuthenticationBackend):
    """Every password login, and the signed-in user of every request in one query.

    Logins: exactly what ModelBackend then allauth's backend did when both were listed (the
    username of the admin login forms first, then allauth's email login, which also takes an
    email typed as a username), so sessions made from now on name this backend.

    Each request: `get_user` takes the user read in the session's own statement
    (`read_session`, core.sessions) when the session's signed data names that user, or loads
    it; either way with the member profile, the verified-email fact
    and whether the user is in any group or holds permissions of their own
    (`forums.policy.identity.member_facts`), where ModelBackend's `get_user` loaded the
    bare user and the policy then asked for the rest (two to four queries a signed-in page).
    An account with no group, no permission of its own and no superuser flag has no
    permission at all, so its permission caches are filled with the empty set ModelBackend
    would compute: Wagtail's user bar, which asks every page for `wagtailadmin.access_admin`,
    then costs no query for members, while editors and moderators (in groups) load their
    permissions as before (`PermissionsInOneQuery`). The facts are as fresh as the user row
    they were read with, and live on this user object only (one request), as ModelBackend's
    own permission cache does.

    The retired `django.contrib.auth.backends.ModelBackend` and allauth's backend stay listed
    after this one only so that sessions created before it (which name them) keep signing
    in; they load the bare user and the policy queries the rest, as before. They never check
    a password again: a password login this backend refuses raises PermissionDenied, which
    ends Django's `authenticate` loop (and still fires `user_login_failed` for django-axes),
    so a failed login costs the same password hashes as before, not twice as many."""

    def authenticate(self, request, **credentials):
        user = ModelBackend.authenticate(self, request, **credentials)
        if user is None:
            user = super().authenticate(request, **credentials)
        if user is None and credentials.get("password"):
            raise PermissionDenied
        return user

    def get_user(self, user_id):
        user = sessions.preloaded_user(user_id)  # read with the session, if it is this user
        if user is None:
            try:
                user_id = int(user_id)
            except (TypeError, ValueError):
                return None
            rows = _SESSION_USER(None, user=user_id)
            if not rows:
                return None
            user = rows[0]
        if not self.user_can_authenticate(user):
            return None
        identity.remember_member_facts(user)
        if not (user.is_superuser or user.policy_in_groups or user.own_permissions):
            user._user_perm_cache = set()
            user._group_perm_cache = set()
            user._perm_cache = set()
        return user


IDENTIFIER_FIELDS = ("username", "email", "login")


def login_identifier(request, credentials):
    """The account a login attempt is for, as django-axes counts failures (AXES_USERNAME_CALLABLE).

    Django's and Wagtail's login forms pass `username`; member logins by email (allauth)
    pass `email`, and allauth's form posts `login`. Case and surrounding spaces are ignored,
    so "Editor " and "editor" share one failure count."""
    for source in (credentials or {}, getattr(request, "POST", {}) or {}):
        for field in IDENTIFIER_FIELDS:
            value = source.get(field)
            if value:
                return str(value).strip().lower()
    return None
