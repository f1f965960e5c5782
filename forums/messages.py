"""Private messages between members: start a conversation, reply, leave, read. Reports on
messages and their review by lead moderators are in forums.message_reports.

Plain functions, no requests. The rules of who may message whom are in forums.policy;
messages get the same sanitising (forums.markup, on save), link limit and watched words as
posts (site-wide entries: a message belongs to no board; forums.watched_outcomes.screen_message
says what they do); views apply the same rate limits (forums.ratelimit).

Watched words in a message: "block" refuses it (the sender keeps the text); "censor", "replace"
and "link" rewrite the text that is stored and delivered; "hold" keeps it from the other people
in the conversation until a lead moderator delivers it (a system report puts it in the queue);
"flag" delivers it and reports it; "crisis" delivers it, reports it as crisis and opens a crisis
case on it (forums.crisis: lead moderators emailed at once, escalated until acknowledged, first
in the queue) and shows the sender where to get help.

Each message form carries a one-use token (`submission_token`): a second send of the same
form finds the message the first one saved (`AlreadySent`) instead of sending it again.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import crisis, policy, screening, watched_outcomes, watched_words
from forums.email_preferences import in_email_language
from forums.member_models import (
    Conversation,
    ConversationMember,
    Message,
    MessageReport,
    MessageStatus,
    Notification,
    NotificationKind,
    forget_unread,
)
from forums.models import ReportReason
from forums.policy import MessagingRefused

MAX_SUBJECT_LENGTH = 150
# Seen only by their author (and by lead moderators through a report).
UNDELIVERED = (MessageStatus.HELD, MessageStatus.REJECTED)


def conversation_url(conversation):
    return reverse("forums:conversation", args=[conversation.pk])


def check_links(member, text, now=None):
    """New members' link limit, as on the boards (counted on what the member typed)."""
    config = screening.default_forum_settings()
    links = screening.count_links(text)
    if links > config.new_member_max_links and screening.is_new_member(member, now, config):
        raise MessagingRefused(
            _(
                "New members can include up to %(limit)s links in a message (this one has %(count)s). "
                "Remove some and send again."
            )
            % {"limit": config.new_member_max_links, "count": links}
        )


def screen(member, subject, body, now=None):
    """The watched words' verdict on a message, or MessagingRefused (block words, link limit)."""
    result = watched_outcomes.screen_message(subject, body)
    if result.blocked:
        raise MessagingRefused(watched_words.block_message(result.blocked))
    check_links(member, f"{subject}\n{body}", now)
    return result


def notify_participants(conversation, message, sender_member):
    others = (
        conversation.participants.filter(left_at__isnull=True)
        .exclude(user_id=message.author_id)
        .select_related("user__member__preferences")
    )
    rows = []
    for p in others:
        with in_email_language(p.user):  # each participant reads it in their own language
            name = sender_member.display_name if sender_member else _("A member")
            text = _("%(name)s sent you a message: “%(subject)s”") % {
                "name": name,
                "subject": conversation.subject,
            }
            rows.append(
                Notification(
                    user_id=p.user_id,
                    kind=NotificationKind.MESSAGE,
                    text=text,
                    url=conversation_url(conversation),
                )
            )
    Notification.objects.bulk_create(rows)
    forget_unread([row.user_id for row in rows])


class AlreadySent(Exception):
    """The form was already sent once (double click, retry after an error page): `message` is
    what that first send saved."""

    def __init__(self, message):
        super().__init__(f"Already sent as message {message.pk}")
        self.message = message


def sent_message(user, submission_token):
    """The message saved from this form rendering (`submission_token`), or None."""
    if submission_token is None:
        return None
    return (
        Message.objects.select_related("conversation")
        .filter(author=user, submission_token=submission_token)
        .first()
    )


def _once_per_submission(send, user, submission_token):
    """Run `send` in its own transaction; when a simultaneous send of the same form got there
    first (the unique constraint on author + token refuses ours), raise AlreadySent."""
    try:
        with transaction.atomic():
            return send()
    except IntegrityError:
        existing = sent_message(user, submission_token)
        if existing is None:
            raise
        raise AlreadySent(existing) from None


def _after_save(conversation, message, result, sender_member):
    """Deliver (notify) or hold, and the system reports the watched words ask for."""
    message.screening = result
    if result.held:
        _system_report(
            message,
            ReportReason.OTHER,
            _("Held for review: the message uses the watched word “%(word)s”.") % {"word": result.held}
            + _flag_note(result.flagged),
        )
    else:
        notify_participants(conversation, message, sender_member)
        if result.flagged:
            _system_report(message, ReportReason.OTHER, _flag_note(result.flagged).strip())
    if result.crisis:
        report = _system_report(
            message,
            ReportReason.CRISIS,
            _("Someone may be at risk: the message uses the watched word “%(word)s”.")
            % {"word": result.crisis[0]},
        )
        crisis.open_message_case(message, report=report, matched=result.crisis[0])


def _flag_note(flagged):
    if not flagged:
        return ""
    return " " + _("Flagged automatically for the watched word(s): %(words)s.") % {
        "words": ", ".join(flagged)
    }


def _system_report(message, reason, details):
    return MessageReport.objects.create(message=message, reporter=None, reason=reason, details=details[:1000])


def start_conversation(sender, recipients, subject, body, now=None, submission_token=None):
    """Start a conversation with its first message; returns (conversation, message).

    `message.screening` tells what the watched words did. Raises MessagingRefused, or
    AlreadySent for a form sent twice."""
    return _once_per_submission(
        lambda: _start_conversation(sender, recipients, subject, body, now, submission_token),
        sender,
        submission_token,
    )


def _start_conversation(sender, recipients, subject, body, now, submission_token):
    now = now or timezone.now()
    policy.check_can_start_conversation(sender, recipients, now)
    member = sender.member
    result = screen(member, subject, body, now)
    conversation = Conversation.objects.create(
        subject=result.subject.strip()[:MAX_SUBJECT_LENGTH], created_at=now, last_message_at=now
    )
    ConversationMember.objects.bulk_create(
        [ConversationMember(conversation=conversation, user=sender, joined_at=now, last_read_at=now)]
        + [ConversationMember(conversation=conversation, user=r, joined_at=now) for r in recipients]
    )
    message = Message.objects.create(
        conversation=conversation,
        author=sender,
        body=result.body,
        created_at=now,
        status=MessageStatus.HELD if result.held else MessageStatus.VISIBLE,
        submission_token=submission_token,
    )
    _after_save(conversation, message, result, member)
    return conversation, message


def reply(conversation, sender, body, now=None, submission_token=None):
    """Add a message to a conversation (see start_conversation)."""
    return _once_per_submission(
        lambda: _reply(conversation, sender, body, now, submission_token), sender, submission_token
    )


def _reply(conversation, sender, body, now, submission_token):
    now = now or timezone.now()
    policy.check_can_reply(sender, conversation, now)
    result = screen(sender.member, "", body, now)
    message = Message.objects.create(
        conversation=conversation,
        author=sender,
        body=result.body,
        created_at=now,
        status=MessageStatus.HELD if result.held else MessageStatus.VISIBLE,
        submission_token=submission_token,
    )
    if not result.held:  # a held message reorders nobody's list until it is delivered
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    ConversationMember.objects.filter(conversation=conversation, user=sender).update(last_read_at=now)
    _after_save(conversation, message, result, sender.member)
    return message


def send_from_moderator(moderator, recipient, subject, body, now=None):
    """A moderator's private message to a member ("Reach out" in a crisis): a new conversation
    between the two, delivered at once. The members' rules and the watched words do not apply
    (it is the site speaking, and a caring note names crisis words on purpose), but a member who
    turned private messages off gets none. Returns the message, or None."""
    now = now or timezone.now()
    member = policy.member_of(recipient)
    if (
        recipient is None
        or not recipient.is_active
        or member is None
        or not policy.allows_messages(member)
        or recipient.pk == moderator.pk
    ):
        return None
    conversation = Conversation.objects.create(
        subject=subject.strip()[:MAX_SUBJECT_LENGTH], created_at=now, last_message_at=now
    )
    ConversationMember.objects.bulk_create(
        [
            ConversationMember(conversation=conversation, user=moderator, joined_at=now, last_read_at=now),
            ConversationMember(conversation=conversation, user=recipient, joined_at=now),
        ]
    )
    message = Message.objects.create(conversation=conversation, author=moderator, body=body, created_at=now)
    notify_participants(conversation, message, policy.member_of(moderator))
    return message


def leave(conversation, user, now=None):
    return ConversationMember.objects.filter(
        conversation=conversation, user=user, left_at__isnull=True
    ).update(left_at=now or timezone.now())


def mark_read(conversation, user, now=None):
    ConversationMember.objects.filter(conversation=conversation, user=user).update(
        last_read_at=now or timezone.now()
    )


def is_duplicate(user, body, window_minutes=60):
    """The same words sent in the last hour (as stored: after the watched words' rewriting)."""
    since = timezone.now() - timezone.timedelta(minutes=window_minutes)
    target = " ".join(watched_outcomes.screen_message("", body).body.split()).casefold()
    recent = Message.objects.filter(author=user, created_at__gte=since).values_list("body", flat=True)[:20]
    return any(" ".join(text.split()).casefold() == target for text in recent)


def _seen_by(user):
    """Messages `user` may see in a conversation: all but the undelivered ones of others."""
    return ~Q(status__in=UNDELIVERED) | Q(author=user)


def has_messages_for(user, conversation):
    """False for a conversation whose only message waits for review (or was refused): the
    recipients do not learn of it, its subject included, until it is delivered."""
    return Message.objects.filter(_seen_by(user), conversation=conversation).exists()


EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def conversations_for(user):
    """The member's places in conversations, newest activity first, each with `unread`
    (messages from others since they last read it); `conversation.everyone` lists the people
    in it. A fixed number of queries whatever the number of conversations."""
    newer = (
        Message.objects.filter(
            conversation=OuterRef("conversation"),
            status=MessageStatus.VISIBLE,
            created_at__gt=Coalesce(OuterRef("last_read_at"), Value(EPOCH)),
        )
        .exclude(author=user)
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    seen = Message.objects.filter(_seen_by(user), conversation=OuterRef("conversation"))
    return (
        ConversationMember.objects.filter(Exists(seen), user=user, left_at__isnull=True)
        .select_related("conversation")
        .annotate(unread=Coalesce(Subquery(newer), 0))
        .prefetch_related(
            Prefetch(
                "conversation__participants",
                queryset=ConversationMember.objects.select_related("user__member").order_by(
                    "joined_at", "pk"
                ),
                to_attr="everyone",
            )
        )
        .order_by("-conversation__last_message_at", "-conversation_id")
    )


def unread_conversation_count(user):
    return conversations_for(user).filter(unread__gt=0).count()


def messages_of(conversation, viewer=None):
    """The conversation's messages, oldest first; for a `viewer`, only those they may see
    (without one, every message: lead moderators reviewing a report)."""
    messages = Message.objects.filter(conversation=conversation)
    if viewer is not None:
        messages = messages.filter(_seen_by(viewer))
    return messages.select_related("author__member").order_by("created_at", "pk")


# Reports and moderators' reading ---------------------------------------------------------------
