"""Who may moderate a board, act on a member, and use the moderator tools (crisis cases,
appeals, dashboards, member history, split)."""

from django.core.exceptions import PermissionDenied

from forums.models import Post, Status
from forums.policy.identity import (
    ASSIGN_MODERATORS_PERMISSION,
    is_any_moderator,
    is_lead_moderator,
    is_moderator,
    is_signed_in,
    moderated_board_ids,
)


def can_moderate(user, board):
    return is_moderator(user, board)


def require_moderator(user, board):
    if not is_moderator(user, board):
        raise PermissionDenied("You do not moderate this board.")


def require_lead(user):
    if not is_lead_moderator(user):
        raise PermissionDenied("Only lead moderators can do this.")


def member_action_refusal(actor, member, board):
    """Why `actor` may not warn, suspend or lift the suspension of `member` on `board`, or "".

    Board moderators act on members who posted on their board; only lead moderators act on
    moderators (of any board, lead ones included); nobody acts on a superuser or themselves."""
    if not is_moderator(actor, board):
        return "You do not moderate this board."
    target = member.user
    if target.pk == actor.pk:
        return "You cannot act on your own account."
    if target.is_superuser:
        return "Nobody can act on a superuser's account."
    if is_lead_moderator(actor):
        return ""
    if is_any_moderator(target):
        return "Only lead moderators can act on moderators."
    if not Post.objects.filter(author_id=target.pk, board=board).exists():
        return "This member has not posted on a board you moderate."
    return ""


def can_act_on_member(actor, member, board):
    return not member_action_refusal(actor, member, board)


def require_member_power(actor, member, board):
    refusal = member_action_refusal(actor, member, board)
    if refusal:
        raise PermissionDenied(refusal)


def can_assign_moderator_group(user):
    """Pointing a board's moderator_group at a group: lead moderators and superusers only."""
    return is_signed_in(user) and (user.is_superuser or user.has_perm(ASSIGN_MODERATORS_PERMISSION))


# Moderator tools: crisis cases, appeals, dashboards, member history, split --------------------


def may_handle_crisis(user, case):
    """Acknowledge, reach out, close: the board's moderators and the lead moderators; a private
    message's case, which has no board, the lead moderators only."""
    if case.board_id is None:
        return is_lead_moderator(user)
    return is_moderator(user, case.board)


def may_see_crisis_dashboard(user):
    return is_lead_moderator(user)


def may_decide_appeals(user):
    return is_lead_moderator(user)


def may_see_moderator_dashboard(user):
    return bool(moderated_board_ids(user))


def may_see_member(user, member):
    """Member history and notes: lead moderators for anyone, board moderators for members who
    posted on one of their boards."""
    if is_lead_moderator(user):
        return True
    board_ids = moderated_board_ids(user)
    if not board_ids:
        return False
    return Post.objects.filter(author_id=member.user_id, board_id__in=board_ids).exists()


def require_member_access(user, member):
    if not may_see_member(user, member):
        raise PermissionDenied("This member has not posted on a board you moderate.")


def may_split(user, topic):
    return is_moderator(user, topic.board)


def may_appeal_post(user, post):
    """The author of a rejected post may appeal it (once: a unique constraint holds the rest)."""
    return bool(is_signed_in(user) and post.author_id == user.pk and post.status == Status.REMOVED)


def may_appeal_suspension(member, now=None):
    return member is not None and member.is_suspended(now)
