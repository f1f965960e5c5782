"""Who may do what with the moderator tools of issue 17, in one place.

Plain functions over forums.moderation's definitions (board moderator, lead moderator); the lead
folds this module into forums/policy.py at merge. Views and domain functions of the tools ask
only these functions.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from forums import moderation, slowmode
from forums.models import Post, Status


def may_moderate(user, board):
    return moderation.is_moderator(user, board)


def require_moderator(user, board):
    if not may_moderate(user, board):
        raise PermissionDenied("You do not moderate this board.")


def is_lead(user):
    return moderation.is_lead_moderator(user)


def require_lead(user):
    if not is_lead(user):
        raise PermissionDenied("Only lead moderators can do this.")


def may_see_crisis_dashboard(user):
    return is_lead(user)


def may_handle_crisis(user, case):
    """Acknowledge, reach out, close: the board's moderators and the lead moderators."""
    return may_moderate(user, case.board)


def may_decide_appeals(user):
    return is_lead(user)


def may_see_moderator_dashboard(user):
    return bool(moderation.moderated_board_ids(user))


def history_board_ids(user):
    """Boards whose content a moderator sees on member history pages (leads: all)."""
    return moderation.moderated_board_ids(user)


def may_see_member(user, member):
    """Member history and notes: lead moderators for anyone, board moderators for members who
    posted on one of their boards."""
    if is_lead(user):
        return True
    board_ids = moderation.moderated_board_ids(user)
    if not board_ids:
        return False
    return Post.objects.filter(author_id=member.user_id, board_id__in=board_ids).exists()


def require_member_access(user, member):
    if not may_see_member(user, member):
        raise PermissionDenied("This member has not posted on a board you moderate.")


def may_split(user, topic):
    return may_moderate(user, topic.board)


def may_appeal_post(user, post):
    """The author of a rejected post may appeal it (once: a unique constraint holds the rest)."""
    return bool(
        user and user.is_authenticated and post.author_id == user.pk and post.status == Status.REMOVED
    )


def may_appeal_suspension(member, now=None):
    return member is not None and member.is_suspended(now or timezone.now())


def posting_refusal(user, board, topic=None, now=None):
    """Why slow mode or a timed close stops this post right now, or "" (moderators are exempt)."""
    if may_moderate(user, board):
        return ""
    return slowmode.refusal(user, board, topic, now)
