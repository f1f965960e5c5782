"""The weekly digest of medical reviews falling due, for editors. Request-free."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from pages.models import ConditionArticlePage

DIGEST_WINDOW_DAYS = 30
DIGEST_GROUPS = ["Editors"]


def articles_due(today=None, within_days=DIGEST_WINDOW_DAYS):
    """Articles overdue, never reviewed or due within `within_days`, soonest first."""
    today = today or timezone.localdate()
    cutoff = today + datetime.timedelta(days=within_days)
    return list(
        ConditionArticlePage.objects.filter(Q(next_review_due__lte=cutoff) | Q(next_review_due__isnull=True))
        .defer_streamfields()
        .order_by(F("next_review_due").asc(nulls_first=True), "title")
    )


def recipients():
    """Active editors with an email address, once each."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=DIGEST_GROUPS)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return list(users)


def send_review_digest(today=None):
    """Email the digest to every editor; nothing is sent when nothing is due. Returns emails sent."""
    today = today or timezone.localdate()
    articles = articles_due(today)
    addresses = recipients()
    if not articles or not addresses:
        return 0
    for article in articles:
        article.digest_days = (
            None if article.next_review_due is None else (article.next_review_due - today).days
        )
    body = render_to_string(
        "pages/email/review_digest.txt",
        {
            "articles": articles,
            "today": today,
            "window": DIGEST_WINDOW_DAYS,
            "admin_base_url": getattr(settings, "WAGTAILADMIN_BASE_URL", ""),
        },
    )
    subject = f"Medical reviews due: {len(articles)} article{'s' if len(articles) != 1 else ''}"
    messages = [EmailMessage(subject=subject, body=body, to=[address]) for address in addresses]
    return get_connection().send_messages(messages)
