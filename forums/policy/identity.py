"""Who the user is: signed in, verified, a member, a moderator of which boards (memoised per
user object for one request or task run)."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import BooleanField, Exists, IntegerField, OuterRef, Q, Value

from forums.models import BoardPage

LEAD_MODERATORS = "Lead moderators"
ASSIGN_MODERATORS_PERMISSION = "forums.assign_board_moderators"


def ensure_lead_moderators_group(**kwargs):
    """The site-wide "Lead moderators" group (a data migration makes it; this returns it, and
    makes it in a database built without migrations). Safe to call repeatedly."""
    return Group.objects.using(kwargs.get("using", "default")).get_or_create(name=LEAD_MODERATORS)[0]


# Who the user is -------------------------------------------------------------------------------


def _facts(user):
    """The per-user memo of facts. Read and set as an attribute, not through `__dict__`, so
    it lands on the user itself when `user` is `request.user` (a lazy wrapper with a
    `__dict__` of its own): facts stored by the authentication backend on the user it loaded
    are then found through the wrapper."""
    store = getattr(user, "_forum_policy", None)
    if store is None:
        store = user._forum_policy = {}
    return store


def _cached(user, key, compute):
    """Memoise a per-user fact on the user object (one request or one task run)."""
    store = _facts(user)
    if key not in store:
        store[key] = compute()
    return store[key]


def is_signed_in(user):
    return bool(user is not None and user.is_authenticated and user.is_active)


def with_member_facts(users):
    """`users` (a queryset) loading with each user what the policy reads on every signed-in
    request: the member profile (joined), the verified-email fact and whether the user is in
    any group. `komensite.auth_backends` loads the session's user this way (with the session,
    joined: `member_facts("user_id")`), so those facts cost no query of their own;
    `remember_member_facts` stores them."""
    return users.select_related("member").annotate(**member_facts("pk"))


MEMBER_FACTS = ("policy_verified", "policy_in_groups", "policy_groups", "policy_lead")


def member_facts(user_column):
    """The annotations of `with_member_facts` (MEMBER_FACTS) for the user whose id is the outer
    query's `user_column` ("pk" in a query of users, "user_id" in one of rows naming a user).
    On PostgreSQL they carry the user's groups too (their ids, and whether one is the lead
    moderators'), so a moderator's request reads no group query of its own (issue 15); other
    databases give None for those two and the groups load on first use."""
    User = get_user_model()
    memberships = User.groups.through.objects.filter(user_id=OuterRef(user_column))
    facts = {
        "policy_verified": Exists(
            EmailAddress.objects.filter(user=OuterRef(user_column), primary=True, verified=True)
        ),
        "policy_in_groups": Exists(memberships),
        "policy_groups": Value(None, output_field=IntegerField(null=True)),
        "policy_lead": Value(None, output_field=BooleanField(null=True)),
    }
    if connection.vendor == "postgresql":
        facts["policy_groups"] = ArraySubquery(memberships.order_by("group_id").values("group_id"))
        facts["policy_lead"] = Exists(memberships.filter(group__name=LEAD_MODERATORS))
    return facts


def remember_member_facts(user):
    """Memoise the facts of a user loaded through `with_member_facts` as the policy's own
    lookups would (for this user object only: one request): the groups read with them, or on
    other databases none for a user in no group (users in groups load them on first use)."""
    store = _facts(user)
    store["verified"] = user.policy_verified
    _remember_groups(store, user)


def _remember_groups(store, row):
    if row.policy_groups is not None:
        store["groups"] = (set(row.policy_groups), bool(row.policy_lead))
    elif not row.policy_in_groups:
        store["groups"] = (set(), False)


def _load_member_facts(user):
    """The member profile and the verified-email fact in one query, for a user not loaded
    through `with_member_facts` (tasks, commands, other backends' sessions): caches the
    profile on the user, returns the fact."""
    User = get_user_model()
    row = with_member_facts(User.objects.filter(pk=user.pk)).first()
    if row is None:
        return False
    if not User.member.is_cached(user):
        User.member.related.set_cached_value(user, getattr(row, "member", None))
    if "groups" not in _facts(user):
        _remember_groups(_facts(user), row)
    return row.policy_verified


def member_of(user):
    """The user's Member profile, or None (anonymous, or an account that never joined)."""
    if user is None or not user.is_authenticated:
        return None
    if is_signed_in(user) and not get_user_model().member.is_cached(user):
        _cached(user, "verified", lambda: _load_member_facts(user))
    try:
        return user.member
    except get_user_model().member.RelatedObjectDoesNotExist:
        return None


def has_verified_email(user):
    """A verified primary email address, whichever way the user signed in."""
    if not is_signed_in(user):
        return False
    return _cached(user, "verified", lambda: _load_member_facts(user))


def is_verified_account(user):
    """Signed in with a verified primary email (superusers, made by createsuperuser, count)."""
    return is_signed_in(user) and (user.is_superuser or has_verified_email(user))


def _group_info(user):
    """(group ids, is lead) for the user."""

    def compute():
        rows = list(user.groups.values_list("pk", "name"))
        return {pk for pk, _ in rows}, any(name == LEAD_MODERATORS for _, name in rows)

    return _cached(user, "groups", compute)


def prime_users(users):
    """Load the verified-email and group facts of many users in two queries (email tasks)."""
    users = [user for user in users if is_signed_in(user)]
    if not users:
        return
    ids = [user.pk for user in users]
    verified = set(
        EmailAddress.objects.filter(user_id__in=ids, primary=True, verified=True).values_list(
            "user_id", flat=True
        )
    )
    groups = {}
    for user_id, pk, name in Group.objects.filter(user__in=ids).values_list("user", "pk", "name"):
        groups.setdefault(user_id, []).append((pk, name))
    for user in users:
        store = _facts(user)
        store["verified"] = user.pk in verified
        rows = groups.get(user.pk, [])
        store["groups"] = ({pk for pk, _ in rows}, any(name == LEAD_MODERATORS for _, name in rows))


def is_lead_moderator(user):
    if not is_signed_in(user):
        return False
    return user.is_superuser or _group_info(user)[1]


def is_moderator(user, board):
    """Lead moderators moderate every board; a board's moderator group only that board."""
    if not is_signed_in(user):
        return False
    if is_lead_moderator(user):
        return True
    return board.moderator_group_id is not None and board.moderator_group_id in _group_info(user)[0]


def moderated_board_ids(user):
    """IDs of the boards this user moderates (all boards for lead moderators)."""
    if not is_signed_in(user):
        return []
    if is_lead_moderator(user):
        return list(BoardPage.objects.values_list("pk", flat=True))
    groups = _group_info(user)[0]
    if not groups:
        return []
    return list(BoardPage.objects.filter(moderator_group_id__in=groups).values_list("pk", flat=True))


def is_any_moderator(user):
    return bool(moderated_board_ids(user))


def moderators_of(board):
    """Active users who moderate `board`: its moderator group and the lead moderators."""
    condition = Q(groups__name=LEAD_MODERATORS)
    if board.moderator_group_id:
        condition |= Q(groups__pk=board.moderator_group_id)
    return get_user_model().objects.filter(condition, is_active=True).distinct()
