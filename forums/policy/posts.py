"""Who may post, edit, delete, watch, report and export."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import eastern_time
from forums import slowmode
from forums.models import Status
from forums.policy.identity import is_moderator, is_signed_in, is_verified_account, member_of
from forums.policy.reading import can_read_board


class PostingRefused(Exception):
    """Why a user may not post right now, in words we can show them."""


def suspension_message(member, now=None):
    """What a banned or suspended member is told (until when and why), or ""."""
    now = now or timezone.now()
    reason = (
        " " + _("Reason: %(reason)s") % {"reason": member.suspension_reason}
        if member.suspension_reason
        else ""
    )
    if member.is_banned:
        return _("Your account can no longer post on the message boards.") + reason
    if member.suspended_until and member.suspended_until > now:
        return (
            _("Your posting is suspended until %(until)s.") % {"until": eastern_time(member.suspended_until)}
            + reason
        )
    return ""


def posting_refusal(user, board, topic=None, now=None):
    """Why the user may not post on `board` (in `topic`) now, or "" when they may."""
    member = member_of(user)
    if member is None or not is_signed_in(user):
        return _("Create your member profile before posting.")
    suspended = suspension_message(member, now)
    if suspended:
        return suspended
    if not is_verified_account(user):
        return _("Confirm your email address before posting: check your inbox for our link.")
    if topic is not None and topic.is_locked:
        return _("This topic is locked: it takes no new replies.")
    if is_moderator(user, board):  # moderators are exempt from slow mode and timed close
        return ""
    return slowmode.refusal(user, board, topic, now)


def check_can_post(user, board, topic=None, now=None):
    """Raise PostingRefused with a human reason, or return the member."""
    refusal = posting_refusal(user, board, topic, now)
    if refusal:
        raise PostingRefused(refusal)
    return member_of(user)


def can_post(user, board, topic=None, now=None, page_view_checked=False):
    return can_read_board(user, board, page_view_checked) and not posting_refusal(user, board, topic, now)


def edit_refusal(user, post, now=None):
    """Why the user may not edit `post` now, or "". An edit passes the gates of a new post."""
    if not (
        is_signed_in(user) and post.author_id == user.pk and post.status in (Status.VISIBLE, Status.HELD)
    ):
        return _("You can only edit your own posts.")
    return posting_refusal(user, post.board, post.topic, now)


def can_edit_post(user, post, now=None, page_view_checked=False):
    return can_read_board(user, post.board, page_view_checked) and not edit_refusal(user, post, now)


def can_delete_post(user, post, page_view_checked=False):
    """Authors may always take their own words down (suspended, banned or in a locked topic)."""
    return (
        is_verified_account(user)
        and post.author_id == user.pk
        and post.status in (Status.VISIBLE, Status.HELD)
        and can_read_board(user, post.board, page_view_checked)
    )


def page_post_powers(user, board, topic, posts, page_view_checked=False, now=None):
    """{post pk: (can_edit, can_delete, can_report)} for the posts of one page of `topic`:
    the same answers as `can_edit_post`, `can_delete_post` and `can_report` for each post
    (tests/forums/test_policy_table.py holds them equal), with what depends only on the reader,
    the board and the topic decided once for the page instead of once per post (issue 15: 60
    policy calls a signed-in topic page). Each post's `board` and `topic` must be these."""
    readable = can_read_board(user, board, page_view_checked)
    signed_in = is_signed_in(user)
    may_delete_own = readable and is_verified_account(user)
    own_refusal = None  # posting_refusal, read only when the page has a post of the reader's
    may_report = readable and not _reader_report_refusal(user)
    reader = getattr(user, "pk", None)  # read once a page, not once a post
    powers = {}
    for post in posts:
        own = signed_in and post.author_id == reader and post.status in (Status.VISIBLE, Status.HELD)
        if own and own_refusal is None:
            own_refusal = posting_refusal(user, board, topic, now)
        powers[post.pk] = (
            readable and own and not own_refusal,
            own and may_delete_own,
            may_report
            and post.status == Status.VISIBLE
            and topic.status == Status.VISIBLE
            and post.author_id != reader,
        )
    return powers


def can_see_history(user, post):
    return is_signed_in(user) and (post.author_id == user.pk or is_moderator(user, post.board))


# Watching, reporting, exporting ---------------------------------------------------------------


def can_watch(user, board, page_view_checked=False):
    """Watching sends email, so it needs a verified address and a member profile."""
    return (
        is_verified_account(user)
        and member_of(user) is not None
        and can_read_board(user, board, page_view_checked)
    )


def _reader_report_refusal(user):
    """The part of `report_refusal` that depends on the reader alone."""
    member = member_of(user)
    if member is None or not is_verified_account(user):
        return _("Confirm your email address and join the message boards to report a post.")
    if member.is_banned:
        return _("Your account can no longer report posts.")
    return ""


def report_refusal(user, post):
    """Why the user may not report `post`, or "". Crisis reports email every moderator, so
    banned members and unverified accounts cannot file them."""
    refusal = _reader_report_refusal(user)
    if refusal:
        return refusal
    if post.author_id == user.pk:
        return _("You cannot report your own post. You can edit or delete it instead.")
    return ""


def can_report(user, post, page_view_checked=False):
    return can_read_board(user, post.board, page_view_checked) and not report_refusal(user, post)


def can_export(user):
    """A copy of one's own data is a right, not a board power: any signed-in account."""
    return is_signed_in(user)
