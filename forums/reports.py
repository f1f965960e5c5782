"""Members' reports on posts. A "someone may be at risk" report opens a crisis case
(forums.crisis): the board's moderators are alerted at once and escalation follows."""

import logging

from django.db import IntegrityError, transaction

from forums import crisis
from forums.models import Report, ReportReason

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
        crisis.open_case_for_report(report)  # alert now, escalate if nobody acknowledges
    return report
