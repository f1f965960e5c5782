"""Who may read and post where, and what state new content starts in.

Plain functions without requests or templates, so views, tasks, commands and the moderation
tools (issue 7: queue, actions, audit log) share one definition of the rules.
"""

from django.db.models import Q
from django.utils import timezone

from forums.models import BoardVisibility, PreModeration, Status


def member_of(user):
    """The user's Member profile, or None (anonymous, or an editor who never joined)."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.member
    except Exception:  # RelatedObjectDoesNotExist
        return None


def is_moderator(user, board):
    """Moderators of a board may see held and hidden content there.

    Issue 7 replaces this with per-board moderator groups; until then only superusers and
    staff who can change pages count."""
    return bool(
        user and user.is_authenticated and (user.is_superuser or user.has_perm("wagtailcore.change_page"))
    )


def can_read_board(user, board):
    if board.visibility == BoardVisibility.PUBLIC:
        return True
    return bool(user and user.is_authenticated)


def readable_board_ids(user, boards_qs):
    """IDs of live boards this user may read (for site search and listings)."""
    qs = boards_qs.live()
    if not (user and user.is_authenticated):
        qs = qs.filter(visibility=BoardVisibility.PUBLIC)
    return list(qs.values_list("pk", flat=True))


def has_verified_email(user):
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


class PostingRefused(Exception):
    """Why a user may not post right now, in words we can show them."""


def check_can_post(user, board, topic=None, now=None):
    """Raise PostingRefused with a human reason, or return the member."""
    now = now or timezone.now()
    member = member_of(user)
    if member is None:
        raise PostingRefused("Create your member profile before posting.")
    if member.is_banned:
        raise PostingRefused(
            "Your account can no longer post on the message boards."
            + (f" Reason: {member.suspension_reason}" if member.suspension_reason else "")
        )
    if member.suspended_until and member.suspended_until > now:
        until = timezone.localtime(member.suspended_until).strftime("%B %-d, %Y at %-I:%M %p")
        raise PostingRefused(
            f"Your posting is suspended until {until}."
            + (f" Reason: {member.suspension_reason}" if member.suspension_reason else "")
        )
    if not has_verified_email(user):
        raise PostingRefused("Confirm your email address before posting: check your inbox for our link.")
    if topic is not None and topic.is_locked:
        raise PostingRefused("This topic is locked: it takes no new replies.")
    return member


def initial_status(board, member):
    """Status of a new post: held for review when the board pre-moderates this member."""
    if board.premoderation == PreModeration.ALL:
        return Status.HELD
    if (
        board.premoderation == PreModeration.NEW_MEMBERS
        and member.approved_post_count < board.premoderation_threshold
    ):
        return Status.HELD
    return Status.VISIBLE


def visible_posts_filter(user, board):
    """Q for the posts of a topic this user sees: visible ones, plus their own held ones."""
    if is_moderator(user, board):
        return Q(status__in=[Status.VISIBLE, Status.HELD, Status.HIDDEN])
    condition = Q(status=Status.VISIBLE)
    if user and user.is_authenticated:
        condition |= Q(status=Status.HELD, author=user)
    return condition


def can_change_post(user, post):
    """Authors may edit and delete their own posts (moderators get their own tools in issue 7)."""
    return bool(
        user
        and user.is_authenticated
        and post.author_id == user.pk
        and post.status in (Status.VISIBLE, Status.HELD)
    )
