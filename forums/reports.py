"""Members' reports on posts, and the crisis alert a "someone may be at risk" report sends to
the board's moderators at once."""

import logging
from functools import partial

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from forums.models import Report, ReportReason
from forums.notifications import site_root_url
from forums.policy import moderators_of
from forums.tasks import send_plain_email

logger = logging.getLogger(__name__)


class AlreadyReported(Exception):
    pass


@transaction.atomic
def report_post(reporter, post, reason, details=""):
    """File a member's report (the caller checked forums.policy.can_report). A crisis report
    alerts the board's moderators straight away."""
    if Report.objects.filter(post=post, reporter=reporter).exists():
        raise AlreadyReported()
    try:
        with transaction.atomic():
            report = Report.objects.create(post=post, reporter=reporter, reason=reason, details=details)
    except IntegrityError as error:  # a double submit racing the check above
        raise AlreadyReported() from error
    if reason == ReportReason.CRISIS:
        queue_crisis_alert(report)
    return report


def queue_crisis_alert(report):
    """Tell the board's moderators and the lead moderators about a crisis report, at once."""
    post = report.post
    board = post.board
    recipients = sorted({u.email for u in moderators_of(board) if u.email})
    if not recipients:
        logger.error("Crisis report %s on board %s: no moderator has an email address", report.pk, board.pk)
        return 0
    body = render_to_string(
        "forums/email/crisis_alert.txt",
        {
            "report": report,
            "post": post,
            "board": board,
            "queue_url": site_root_url() + reverse("moderation:queue"),
            "post_url": site_root_url() + reverse("moderation:post", args=[post.pk]),
        },
    )
    subject = f"URGENT: someone may be at risk on {board.title}"[:200]
    transaction.on_commit(partial(send_plain_email.enqueue, subject, body, recipients))
    return len(recipients)
