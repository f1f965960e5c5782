"""The crisis protocol: someone may be at risk.

A crisis report, or a post using a "crisis" watched word, opens a `CrisisCase`: it goes to the
top of the queue and the board's moderators and the lead moderators are emailed at once, with
the reply template. A private message's crisis report (a member's, or the system's for a
"crisis" watched word) opens a case on the message (`open_message_case`, called by
forums.messages): it has no board, so the lead moderators are alerted and handle it.
If nobody acknowledges a case within `ModerationSettings.crisis_acknowledge_minutes` (default
15), `escalate_due()` (run every minute or so by `manage.py escalate_crisis_cases`) enqueues
escalation emails to the lead moderators and the staff address, then again every
`crisis_repeat_minutes` up to `crisis_max_escalations`. Acknowledgement, contact ("Reach out")
and outcome are logged with their times. The author's post is never hidden automatically.

Every function takes `now` so tests can run the clock forward. The emails (alert, escalation,
reply template) are written by forums/crisis_mail.py; callers keep naming them `crisis.X`.
"""

import datetime as dt
from functools import partial
from statistics import median

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from forums import audit, policy
from forums.crisis_mail import (  # the emails, and what callers of this module use of them
    alert_moderators,
    lead_moderators,
    reply_template,
    send_escalation,
    settings_for_default_site,
    target_of,
)
from forums.email_preferences import in_email_language
from forums.models import ActionKind, Post
from forums.modtools_models import CrisisCase, CrisisSource

__all__ = [
    "acknowledge",
    "close",
    "dashboard",
    "due_cases",
    "escalate_due",
    "lead_moderators",
    "open_case",
    "open_case_for_report",
    "open_message_case",
    "reach_out",
    "reach_out_about_message",
    "reply_template",
    "send_crisis_escalation",
    "settings_for_default_site",
    "target_of",
]


def _log(moderator, action, case, reason, after=None):
    return audit.log_action(moderator, action, target_of(case), case.board, reason, after=after)


def _require_handler(moderator, case):
    if not policy.may_handle_crisis(moderator, case):
        raise PermissionDenied(
            _("Only lead moderators handle a private message's crisis case.")
            if case.board_id is None
            else _("You do not moderate this board.")
        )


def open_case(post, report=None, matched="", now=None):
    """Open (or return the already open) crisis case for `post`, alerting moderators at once."""
    now = now or timezone.now()
    existing = CrisisCase.objects.filter(post=post, closed_at__isnull=True).first()
    if existing:
        if report is not None and existing.report_id is None:
            existing.report = report
            existing.save(update_fields=["report"])
        return existing
    try:
        with transaction.atomic():
            case = CrisisCase.objects.create(
                post=post,
                board_id=post.board_id,
                report=report,
                source=CrisisSource.REPORT if report is not None else CrisisSource.WATCHED_WORD,
                matched=matched[:100],
                opened_at=now,
            )
    except IntegrityError:  # a second report racing the first
        return CrisisCase.objects.get(post=post, closed_at__isnull=True)
    source = "a member's report" if report is not None else f"the watched word “{matched}”"
    audit.log_action(None, ActionKind.CRISIS_OPEN, post, post.board, f"Opened by {source}.")
    alert_moderators(case)
    return case


def open_case_for_report(report):
    return open_case(report.post, report=report)


def open_message_case(message, report=None, matched="", now=None):
    """Open (or return the already open) crisis case for a private message, alerting the lead
    moderators at once. `report` is the crisis MessageReport (a member's, or the system's for
    the watched word `matched`)."""
    now = now or timezone.now()
    existing = CrisisCase.objects.filter(message=message, closed_at__isnull=True).first()
    if existing:
        if report is not None and existing.message_report_id is None:
            existing.message_report = report
            existing.save(update_fields=["message_report"])
        return existing
    try:
        with transaction.atomic():
            case = CrisisCase.objects.create(
                message=message,
                message_report=report,
                source=CrisisSource.WATCHED_WORD if matched else CrisisSource.REPORT,
                matched=matched[:100],
                opened_at=now,
            )
    except IntegrityError:  # a second report racing the first
        return CrisisCase.objects.get(message=message, closed_at__isnull=True)
    source = f"the watched word “{matched}”" if matched else "a member's report"
    audit.log_action(None, ActionKind.CRISIS_OPEN, message, None, f"Opened by {source}.")
    alert_moderators(case)
    return case


def _lock(case):
    return (
        CrisisCase.objects.select_for_update(of=("self",))
        .select_related("post__topic", "board", "message__author__member")
        .get(pk=case.pk)
    )


@transaction.atomic
def acknowledge(moderator, case, now=None):
    now = now or timezone.now()
    case = _lock(case)
    _require_handler(moderator, case)
    if case.acknowledged_at is None:
        case.acknowledged_at = now
        case.acknowledged_by = moderator
        case.save(update_fields=["acknowledged_at", "acknowledged_by"])
        _log(
            moderator,
            ActionKind.CRISIS_ACK,
            case,
            f"Crisis case {case.pk} acknowledged.",
            after={"case": case.pk, "acknowledged_at": now.isoformat()},
        )
    return case


REACH_OUT_SUBJECT = _("A message from the Komen message boards moderators")


@transaction.atomic
def reach_out(moderator, post, message, now=None, deliver=None):
    """Email the author a private, caring message. Logged; marks the post's open crisis case as
    contacted (and acknowledged).

    `deliver(moderator, author, subject, message)` also sends it as a private message and says
    whether it did: forums.crisis_outreach passes the messaging layer's, which this module,
    below it, may not import."""
    post = Post.objects.select_related("board", "topic", "author__member").get(pk=post.pk)
    policy.require_moderator(moderator, post.board)
    case = CrisisCase.objects.select_for_update().filter(post=post, closed_at__isnull=True).first()
    return _reach(moderator, post, post.board, case, message, now, deliver)


@transaction.atomic
def reach_out_about_message(moderator, case, message, now=None, deliver=None):
    """Reach out from a private message's crisis case (lead moderators): as `reach_out`."""
    case = _lock(case)
    _require_handler(moderator, case)
    if case.message_id is None:
        raise audit.ActionRefused("Reach out from the post of this case.")
    if case.closed_at is not None:
        raise audit.ActionRefused("This crisis case is already closed.")
    return _reach(moderator, case.message, None, case, message, now, deliver)


def _reach(moderator, target, board, case, message, now, deliver):
    now = now or timezone.now()
    if not (message or "").strip():
        raise audit.ActionRefused("Write the message: it is sent to the member.")
    author = target.author
    if author is None or not author.is_active:
        raise audit.ActionRefused("The author no longer has an account.")
    sent = audit.queue_member_email(
        author,
        REACH_OUT_SUBJECT,
        "forums/email/reach_out.txt",
        {"message": message, "post": target if board else None, "board": board},
        reply_to=settings_for_default_site().moderators_email,
    )
    after = {"emailed": bool(sent)}
    if deliver is not None:
        with in_email_language(author):  # the private message's subject as the email's
            subject = str(REACH_OUT_SUBJECT)
        after["messaged"] = bool(deliver(moderator, author, subject, message))
    if case:
        fields = ["contacted_at", "contacted_by"]
        case.contacted_at, case.contacted_by = now, moderator
        if case.acknowledged_at is None:
            case.acknowledged_at, case.acknowledged_by = now, moderator
            fields += ["acknowledged_at", "acknowledged_by"]
        case.save(update_fields=fields)
        after.update(case=case.pk, contacted_at=now.isoformat())
    audit.log_action(moderator, ActionKind.REACH_OUT, target, board, message, after=after)
    return case


@transaction.atomic
def close(moderator, case, outcome, now=None):
    now = now or timezone.now()
    case = _lock(case)
    _require_handler(moderator, case)
    if case.closed_at is not None:
        raise audit.ActionRefused("This crisis case is already closed.")
    if not (outcome or "").strip():
        raise audit.ActionRefused("Write the outcome: what happened and what was done.")
    case.closed_at, case.closed_by, case.outcome = now, moderator, outcome
    fields = ["closed_at", "closed_by", "outcome"]
    if case.acknowledged_at is None:
        case.acknowledged_at, case.acknowledged_by = now, moderator
        fields += ["acknowledged_at", "acknowledged_by"]
    case.save(update_fields=fields)
    _log(
        moderator,
        ActionKind.CRISIS_CLOSE,
        case,
        outcome,
        after={"case": case.pk, "closed_at": now.isoformat()},
    )
    return case


# Escalation ----------------------------------------------------------------------------------


def due_cases(now=None, config=None):
    """Open, unacknowledged cases whose next escalation is due."""
    now = now or timezone.now()
    config = config or settings_for_default_site()
    first = now - dt.timedelta(minutes=config.crisis_acknowledge_minutes)
    repeat = now - dt.timedelta(minutes=config.crisis_repeat_minutes)
    return CrisisCase.objects.filter(
        Q(escalation_count=0, opened_at__lte=first)
        | Q(escalation_count__gt=0, last_escalated_at__lte=repeat),
        closed_at__isnull=True,
        acknowledged_at__isnull=True,
        escalation_count__lt=config.crisis_max_escalations,
    )


def escalate_due(now=None):
    """Escalate every case that is due; returns the cases escalated. Safe to run concurrently."""
    now = now or timezone.now()
    config = settings_for_default_site()
    escalated = []
    with transaction.atomic():
        for case in (
            due_cases(now, config)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("post__topic", "board", "message__author")
        ):
            case.escalation_count += 1
            case.last_escalated_at = now
            case.save(update_fields=["escalation_count", "last_escalated_at"])
            waited = int((now - case.opened_at).total_seconds() // 60)
            _log(
                None,
                ActionKind.CRISIS_ESCALATE,
                case,
                f"Not acknowledged after {waited} minutes: escalation {case.escalation_count}.",
                after={"case": case.pk, "escalation": case.escalation_count},
            )
            transaction.on_commit(
                partial(send_crisis_escalation.enqueue, case.pk, case.escalation_count, waited)
            )
            escalated.append(case)
    return escalated


@task()
def send_crisis_escalation(case_id, number, waited=None):
    """The escalation email as a task for the worker (enqueued by escalate_due)."""
    return send_escalation(case_id, number, waited)


# Dashboard -----------------------------------------------------------------------------------


def _minutes(delta):
    return round(delta.total_seconds() / 60, 1)


def dashboard(days, now=None):
    """Open cases, and times to acknowledgement and close over the last `days` days (2 queries)."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=days)
    open_cases = list(
        CrisisCase.objects.filter(closed_at__isnull=True)
        .select_related("board", "post__topic", "message__author__member", "acknowledged_by__member")
        .order_by("opened_at")[:200]
    )
    recent = list(
        CrisisCase.objects.filter(opened_at__gte=since).values("opened_at", "acknowledged_at", "closed_at")
    )
    to_ack = [_minutes(c["acknowledged_at"] - c["opened_at"]) for c in recent if c["acknowledged_at"]]
    to_close = [_minutes(c["closed_at"] - c["opened_at"]) for c in recent if c["closed_at"]]
    return {
        "days": days,
        "open_cases": open_cases,
        "opened": len(recent),
        "acknowledged": len(to_ack),
        "closed": len(to_close),
        "median_ack_minutes": median(to_ack) if to_ack else None,
        "max_ack_minutes": max(to_ack) if to_ack else None,
        "median_close_minutes": median(to_close) if to_close else None,
    }
