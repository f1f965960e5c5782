"""Who the user is: signed in, verified, a member, a moderator of which boards (memoised per
user object for one request or task run)."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Q

from forums.models import BoardPage

LEAD_MODERATORS = "Lead moderators"
ASSIGN_MODERATORS_PERMISSION = "forums.assign_board_moderators"


def ensure_lead_moderators_group(**kwargs):
    """The site-wide "Lead moderators" group (a data migration makes it; this returns it, and
    makes it in a database built without migrations). Safe to call repeatedly."""
    return Group.objects.using(kwargs.get("using", "default")).get_or_create(name=LEAD_MODERATORS)[0]


# Who the user is -------------------------------------------------------------------------------


def _cached(user, key, compute):
    """Memoise a per-user fact on the user object (one request or one task run)."""
    store = user.__dict__.setdefault("_forum_policy", {})
    if key not in store:
        store[key] = compute()
    return store[key]


def is_signed_in(user):
    return bool(user is not None and user.is_authenticated and user.is_active)


def _load_member_facts(user):
    """The member profile and the verified-email fact in one query (every signed-in board and
    topic page needs both): caches the profile on the user, returns the fact."""
    User = get_user_model()
    row = (
        User.objects.filter(pk=user.pk)
        .select_related("member")
        .annotate(
            policy_verified=Exists(
                EmailAddress.objects.filter(user=OuterRef("pk"), primary=True, verified=True)
            )
        )
        .first()
    )
    if row is None:
        return False
    if not User.member.is_cached(user):
        User.member.related.set_cached_value(user, getattr(row, "member", None))
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
        store = user.__dict__.setdefault("_forum_policy", {})
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
