"""Private messages between members: start a conversation, reply, leave, read, report.

Plain functions, no requests. The rules of who may message whom are in forums.member_policy;
messages get the same sanitising (forums.markup, on save), link limit and blocked words as
posts; views apply the same rate limits (forums.ratelimit).
"""

import datetime as dt
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from forums import audit, policy, screening, watched_words
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
from forums.models import ActionKind, ModerationAction, ReportReason, ReportStatus
from forums.notifications import site_root_url
from forums.policy import MessagingRefused
from forums.tasks import send_plain_email

MAX_SUBJECT_LENGTH = 150


def conversation_url(conversation):
    return reverse("forums:conversation", args=[conversation.pk])


def check_message_text(member, text, now=None):
    """Messages follow the posts' rules: the site-wide watched words (messages have no review
    queue, so "block" and "hold" entries both refuse, with the text kept) and new members' link
    limit."""
    words = watched_words.blocked_words(text, None)
    held = watched_words.hold_word(None, text)
    if words or held:
        raise MessagingRefused(watched_words.block_message(words or [held]))
    config = screening.default_forum_settings()
    links = screening.count_links(text)
    if links > config.new_member_max_links and screening.is_new_member(member, now, config):
        raise MessagingRefused(
            f"New members can include up to {config.new_member_max_links} links in a message "
            f"(this one has {links}). Remove some and send again."
        )


def _notify_participants(conversation, message, sender_member):
    others = conversation.participants.filter(left_at__isnull=True).exclude(user_id=message.author_id)
    rows = Notification.objects.bulk_create(
        [
            Notification(
                user_id=p.user_id,
                kind=NotificationKind.MESSAGE,
                text=f"{sender_member.display_name} sent you a message: “{conversation.subject}”"[:300],
                url=conversation_url(conversation),
            )
            for p in others
        ]
    )
    forget_unread([row.user_id for row in rows])


@transaction.atomic
def start_conversation(sender, recipients, subject, body, now=None):
    now = now or timezone.now()
    policy.check_can_start_conversation(sender, recipients, now)
    member = sender.member
    check_message_text(member, f"{subject}\n{body}", now)
    conversation = Conversation.objects.create(
        subject=subject.strip()[:MAX_SUBJECT_LENGTH], created_at=now, last_message_at=now
    )
    ConversationMember.objects.bulk_create(
        [ConversationMember(conversation=conversation, user=sender, joined_at=now, last_read_at=now)]
        + [ConversationMember(conversation=conversation, user=r, joined_at=now) for r in recipients]
    )
    message = Message.objects.create(conversation=conversation, author=sender, body=body, created_at=now)
    _notify_participants(conversation, message, member)
    return conversation, message


@transaction.atomic
def reply(conversation, sender, body, now=None):
    now = now or timezone.now()
    policy.check_can_reply(sender, conversation, now)
    check_message_text(sender.member, body, now)
    message = Message.objects.create(conversation=conversation, author=sender, body=body, created_at=now)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    ConversationMember.objects.filter(conversation=conversation, user=sender).update(last_read_at=now)
    _notify_participants(conversation, message, sender.member)
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
    """The same words sent in the last hour: a double submit."""
    since = timezone.now() - timezone.timedelta(minutes=window_minutes)
    target = " ".join(body.split()).casefold()
    recent = Message.objects.filter(author=user, created_at__gte=since).values_list("body", flat=True)[:20]
    return any(" ".join(text.split()).casefold() == target for text in recent)


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
    return (
        ConversationMember.objects.filter(user=user, left_at__isnull=True)
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


def messages_of(conversation):
    return (
        Message.objects.filter(conversation=conversation)
        .select_related("author__member")
        .order_by("created_at", "pk")
    )


# Reports and moderators' reading ---------------------------------------------------------------


class AlreadyReported(Exception):
    pass


def report_message(reporter, message, reason, details=""):
    if not policy.may_report_message(reporter, message):
        raise MessagingRefused("You can only report other people's messages in your conversations.")
    try:
        with transaction.atomic():
            report = MessageReport.objects.create(
                message=message, reporter=reporter, reason=reason, details=details
            )
    except IntegrityError as error:
        raise AlreadyReported() from error
    if reason == ReportReason.CRISIS:
        _queue_crisis_alert(report)
    return report


def _queue_crisis_alert(report):
    """Tell the lead moderators about a crisis report on a private message, at once."""
    from django.contrib.auth import get_user_model

    leads = get_user_model().objects.filter(groups__name=policy.LEAD_MODERATORS, is_active=True)
    recipients = sorted({u.email for u in leads if u.email})
    if not recipients:
        return 0
    body = (
        "A member reported a private message: someone may be at risk.\n\n"
        f"Review it now: {site_root_url()}{reverse('moderation:message_report', args=[report.pk])}\n\n"
        "Reading the conversation is recorded in the moderation log.\n"
    )
    transaction.on_commit(
        partial(
            send_plain_email.enqueue, "URGENT: someone may be at risk (private message)", body, recipients
        )
    )
    return len(recipients)


def open_message_reports():
    """Open reports on messages, crisis first, then oldest first."""
    from django.db.models import Case, When

    return (
        MessageReport.objects.filter(status=ReportStatus.OPEN)
        .select_related("message__author__member", "reporter__member", "message__conversation")
        .order_by(Case(When(reason=ReportReason.CRISIS, then=0), default=1), "created_at", "pk")
    )


MESSAGE_REPORTS_IN_QUEUE = 20


def message_report_queue(user):
    """Open message reports shown at the top of the moderation queue (lead moderators only)."""
    if not policy.may_review_message_reports(user):
        return []
    return list(open_message_reports()[:MESSAGE_REPORTS_IN_QUEUE])


def _log(moderator, action, report, reason=""):
    message = report.message
    author = message.author
    return ModerationAction.objects.create(
        moderator=moderator,
        moderator_name=audit.actor_name(moderator),
        action=action,
        board=None,
        member=author,
        member_name=audit.actor_name(author) if author else "Deleted member",
        target_type="message",
        target_id=message.pk,
        target_label=f"Message {message.pk} (report {report.pk}: {report.get_reason_display()})"[:200],
        reason=reason,
    )


@transaction.atomic
def read_reported_conversation(moderator, report):
    """A lead moderator opens the conversation behind a report: allowed, and logged, every time."""
    if not policy.may_review_message_reports(moderator):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Only lead moderators review reported messages.")
    _log(moderator, ActionKind.READ_PM, report, "Read the conversation to review a report.")
    return messages_of(report.message.conversation)


@transaction.atomic
def resolve_report(moderator, report, hide_message, reason=""):
    if not policy.may_review_message_reports(moderator):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Only lead moderators review reported messages.")
    now = timezone.now()
    if hide_message:
        Message.objects.filter(pk=report.message_id).update(status=MessageStatus.HIDDEN)
        status, action = ReportStatus.RESOLVED, ActionKind.HIDE
    else:
        status, action = ReportStatus.DISMISSED, ActionKind.DISMISS
    MessageReport.objects.filter(message_id=report.message_id, status=ReportStatus.OPEN).update(
        status=status, closed_at=now, closed_by=moderator
    )
    _log(moderator, action, report, reason)
