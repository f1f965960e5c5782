"""Medical review records: what approving the 'Medical review' task writes on an article.

The date an expert checked an article is the date its 'Medical review' task was approved, never
the date the draft was created or a date an editor typed. Request-free, so the workflow signal,
the admin form and tests share it.
"""

import calendar
import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page, TaskState

from pages.workflows import WORKFLOW_NAME

DEFAULT_REVIEW_INTERVAL_MONTHS = 12


def add_months(date, months):
    """`date` plus whole calendar months; the 31st becomes the last day of a shorter month."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def approvals(page):
    """Approved 'Medical review' task states for `page`, newest first."""
    return TaskState.objects.filter(
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
        workflow_state__object_id=str(page.pk),
        task__name=WORKFLOW_NAME,
        status=TaskState.STATUS_APPROVED,
        finished_at__isnull=False,
    ).order_by("-finished_at")


def last_approval_date(page):
    """The local date of the newest approved medical review of `page`, or None."""
    if not page.pk:
        return None
    finished_at = approvals(page).values_list("finished_at", flat=True).first()
    return timezone.localdate(finished_at) if finished_at else None


def latest_allowed_last_reviewed(page, stored=None):
    """The latest 'Last reviewed' date an editor may type: the last approval, or the date
    already recorded (articles reviewed before the workflow existed keep theirs)."""
    dates = [d for d in (last_approval_date(page), stored) if d]
    return max(dates) if dates else None
