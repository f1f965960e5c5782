"""Reports on private messages and their review by lead moderators.

A member reports a message in their conversation (a crisis report opens a crisis case:
forums.crisis); lead moderators see open reports first in the queue, read the conversation
behind a report (logged every time) and decide: hide or leave a delivered message, deliver or
refuse a held one (forums.messages holds it when a watched word says so). Every decision is
logged; a second decision on the same report is refused (`AlreadyDecided`).
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Case, When
from django.utils import timezone
from django.utils.translation import gettext as _

from core.compiled_queries import CompiledQuery
from forums import audit, crisis, notifications_center, policy
from forums.member_models import Conversation, Message, MessageReport, MessageStatus, NotificationKind
from forums.messages import conversation_url, messages_of, notify_participants
from forums.models import DELETED_MEMBER_NAME, ActionKind, ModerationAction, ReportReason, ReportStatus
from forums.policy import MessagingRefused


class AlreadyReported(Exception):
    pass


class AlreadyDecided(Exception):
    """The report was closed by another decision in the meantime."""


def report_message(reporter, message, reason, details=""):
    if not policy.may_report_message(reporter, message):
        raise MessagingRefused(_("You can only report other people's messages in your conversations."))
    try:
        with transaction.atomic():
            report = MessageReport.objects.create(
                message=message, reporter=reporter, reason=reason, details=details
            )
    except IntegrityError as error:
        raise AlreadyReported() from error
    if reason == ReportReason.CRISIS:
        # A crisis case: the lead moderators alerted at once, escalated until acknowledged.
        crisis.open_message_case(message, report=report)
    return report


def open_message_reports():
    """Open reports on messages, crisis first, then oldest first."""
    return (
        MessageReport.objects.filter(status=ReportStatus.OPEN)
        .select_related("message__author__member", "reporter__member", "message__conversation")
        .order_by(Case(When(reason=ReportReason.CRISIS, then=0), default=1), "created_at", "pk")
    )


MESSAGE_REPORTS_IN_QUEUE = 20
# Built and compiled once (core.compiled_queries), run on every queue page (issue 15).
MESSAGE_REPORTS_QUERY = CompiledQuery(lambda shape: open_message_reports()[:MESSAGE_REPORTS_IN_QUEUE])


def message_report_queue(user):
    """Open message reports shown at the top of the moderation queue (lead moderators only)."""
    if not policy.may_review_message_reports(user):
        return []
    return MESSAGE_REPORTS_QUERY(None)


def _log(moderator, action, report, reason=""):
    message = report.message
    author = message.author
    return ModerationAction.objects.create(
        moderator=moderator,
        moderator_name=audit.actor_name(moderator),
        action=action,
        board=None,
        member=author,
        member_name=audit.actor_name(author) if author else DELETED_MEMBER_NAME,
        target_type="message",
        target_id=message.pk,
        target_label=f"Message {message.pk} (report {report.pk}: {report.get_reason_display()})"[:200],
        reason=reason,
    )


def _require_reviewer(moderator):
    if not policy.may_review_message_reports(moderator):
        raise PermissionDenied("Only lead moderators review reported messages.")


@transaction.atomic
def read_reported_conversation(moderator, report):
    """A lead moderator opens the conversation behind a report: allowed, and logged, every time."""
    _require_reviewer(moderator)
    _log(moderator, ActionKind.READ_PM, report, "Read the conversation to review a report.")
    return messages_of(report.message.conversation)


@transaction.atomic
def resolve_report(moderator, report, hide_message, reason="", now=None):
    """Close the message's open reports. A delivered message is hidden (`hide_message`) or left
    as it is; a held one is refused (`hide_message`: never delivered) or delivered now."""
    _require_reviewer(moderator)
    now = now or timezone.now()
    message = (
        Message.objects.select_for_update(of=("self",))
        .select_related("conversation", "author__member")
        .get(pk=report.message_id)
    )
    # Locked: a second decision (another lead, another tab) waits here, then finds it made.
    if not MessageReport.objects.filter(pk=report.pk, status=ReportStatus.OPEN).exists():
        raise AlreadyDecided()
    if message.status == MessageStatus.HELD:
        status = ReportStatus.RESOLVED
        if hide_message:
            action = ActionKind.REJECT
            _refuse_held(message, reason)
        else:
            action = ActionKind.APPROVE
            _deliver_held(message, now)
    elif hide_message:
        Message.objects.filter(pk=message.pk).update(status=MessageStatus.HIDDEN)
        status, action = ReportStatus.RESOLVED, ActionKind.HIDE
    else:
        status, action = ReportStatus.DISMISSED, ActionKind.DISMISS
    MessageReport.objects.filter(message_id=message.pk, status=ReportStatus.OPEN).update(
        status=status, closed_at=now, closed_by=moderator
    )
    _log(moderator, action, report, reason)
    return message


def _deliver_held(message, now):
    """A lead moderator approved a held message: it is delivered now (dated now, so it counts
    as new for the recipients), and its author is told."""
    conversation = message.conversation
    message.status, message.created_at = MessageStatus.VISIBLE, now
    message.save(update_fields=["status", "created_at"])
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    author = message.author
    member = getattr(author, "member", None) if author else None
    notify_participants(conversation, message, member)
    if author is not None:
        notifications_center.notify(
            author,
            NotificationKind.MODERATION,
            _("A moderator delivered your message in “%(subject)s”.") % {"subject": conversation.subject},
            conversation_url(conversation),
        )


def _refuse_held(message, reason):
    message.status = MessageStatus.REJECTED
    message.save(update_fields=["status"])
    if message.author is not None:
        text = _("A moderator did not deliver your message in “%(subject)s”.") % {
            "subject": message.conversation.subject
        }
        if reason.strip():
            text += " " + _("Reason: %(reason)s") % {"reason": reason.strip()}
        notifications_center.notify(
            message.author, NotificationKind.MODERATION, text, conversation_url(message.conversation)
        )
