"""Member features: private messages, blocks, message reports, reactions, bookmarks,
mentions, profile fields."""

from django.utils.translation import gettext as _

from forums.member_models import FieldVisibility, MemberBlock
from forums.models import Status
from forums.policy.identity import has_verified_email, is_any_moderator, is_lead_moderator, member_of
from forums.policy.posts import suspension_message
from forums.policy.reading import can_read_board
from forums.screening import is_new_member

MAX_RECIPIENTS = 5


class MessagingRefused(Exception):
    """Why a message cannot be sent; the text is shown to the sender."""


def is_blocked_between(user_a, user_b):
    """True when either member blocked the other."""
    return (
        MemberBlock.objects.filter(blocker=user_a, blocked=user_b).exists()
        or MemberBlock.objects.filter(blocker=user_b, blocked=user_a).exists()
    )


def allows_messages(member):
    preferences = getattr(member, "preferences", None) if member else None
    return preferences.allow_messages if preferences is not None else True


def check_can_send_messages(user, now=None):
    """The sender's own state: a member with a confirmed address who is not suspended."""
    member = member_of(user)
    if member is None:
        raise MessagingRefused(_("Join the message boards before sending messages."))
    if not has_verified_email(user):
        raise MessagingRefused(_("Confirm your email address before sending messages."))
    message = suspension_message(member, now)
    if message:
        raise MessagingRefused(message)
    if not allows_messages(member):
        raise MessagingRefused(
            _("You have turned private messages off. Turn them on in your profile to send messages.")
        )
    return member


def check_can_message(sender, recipient, now=None):
    """Raise MessagingRefused unless `sender` may message `recipient` (both users)."""
    member = check_can_send_messages(sender, now)
    other = member_of(recipient)
    if other is None or not recipient.is_active or recipient.pk == sender.pk:
        raise MessagingRefused(_("You can only message other members."))
    # Say the same whether they turned messages off or blocked the sender: blocks are not told.
    unavailable = _("%(name)s is not taking private messages.") % {"name": other.display_name}
    if not allows_messages(other) or is_blocked_between(sender, recipient):
        raise MessagingRefused(unavailable)
    new_member_to_member = is_new_member(member, now) and not is_any_moderator(recipient)
    if new_member_to_member and not is_any_moderator(sender):
        raise MessagingRefused(
            _(
                "New members can message moderators only, for their first days on the boards. "
                "You can still reply on the boards."
            )
        )


def check_can_start_conversation(sender, recipients, now=None):
    if not recipients:
        raise MessagingRefused(_("Choose at least one member to message."))
    if len(recipients) > MAX_RECIPIENTS:
        raise MessagingRefused(f"A conversation can include up to {MAX_RECIPIENTS} other members.")
    for recipient in recipients:
        check_can_message(sender, recipient, now)


def check_can_reply(user, conversation, now=None):
    """Replying needs an active place in the conversation and no block with anyone still in it."""
    check_can_send_messages(user, now)
    others = [p.user for p in conversation.participants.all() if p.left_at is None and p.user_id != user.pk]
    if not any(p.user_id == user.pk and p.left_at is None for p in conversation.participants.all()):
        raise MessagingRefused(_("You are not in this conversation."))
    if not others:
        raise MessagingRefused(_("Everyone else has left this conversation."))
    for other in others:
        if is_blocked_between(user, other) or not allows_messages(member_of(other)):
            raise MessagingRefused(_("Someone in this conversation is not taking private messages."))


def may_read_conversation(user, conversation):
    """Only the people still in it. Moderators read one only through a report (may_review_message_reports)."""
    if not (user and user.is_authenticated):
        return False
    return conversation.participants.filter(user=user, left_at__isnull=True).exists()


def may_report_message(user, message):
    return (
        message.author_id is not None
        and message.author_id != user.pk
        and message.conversation.participants.filter(user=user).exists()
    )


def may_review_message_reports(user):
    """Private messages are not board content: only lead moderators review their reports."""
    return is_lead_moderator(user)


def may_block(user, other_member):
    return (
        member_of(user) is not None
        and other_member.user_id != user.pk
        and not is_any_moderator(other_member.user)
    )


def may_react(user, post):
    return bool(
        member_of(user) is not None
        and post.author_id != user.pk
        and post.status == Status.VISIBLE
        and can_read_board(user, post.board)
    )


def may_bookmark(user, post):
    return bool(
        member_of(user) is not None and post.status == Status.VISIBLE and can_read_board(user, post.board)
    )


def may_be_notified_of(user, post):
    """A mention, reply or digest only reaches a member who may read the post now."""
    return bool(
        user.is_active
        and post.status == Status.VISIBLE
        and post.topic.status == Status.VISIBLE
        and can_read_board(user, post.board)
    )


def may_see_field(viewer, owner_member, visibility):
    return may_see_field_of(viewer, owner_member.user_id, visibility)


def may_see_field_of(viewer, owner_user_id, visibility):
    """may_see_field() for a profile field whose owner is given by user id (a listing's columns)."""
    if viewer is not None and viewer.is_authenticated and viewer.pk == owner_user_id:
        return True
    if visibility == FieldVisibility.EVERYONE:
        return True
    if visibility == FieldVisibility.MEMBERS:
        return member_of(viewer) is not None
    return False
