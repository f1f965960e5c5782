"""Members' reports on posts, and the replies moderators reuse."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from forums.choices import ReportReason, ReportStatus
from forums.models.topics import Post


class Report(models.Model):
    """A member's concern about a post. Open reports put the post in the moderation queue."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="forum_reports"
    )
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    details = models.TextField(blank=True, max_length=1000, help_text="What the reporter added.")
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="forums_report_one_per_member"),
        ]
        indexes = [models.Index(fields=["status", "post"], name="forums_report_open")]

    def __str__(self):
        return f"{self.get_reason_display()} report on post {self.post_id}"

    @property
    def is_crisis(self):
        return self.reason == ReportReason.CRISIS


class CannedResponse(models.Model):
    """A reply moderators reuse in reason fields (rejections, warnings, suspensions)."""

    title = models.CharField(
        max_length=80, unique=True, help_text="A short name moderators pick from a list."
    )
    text = models.TextField(max_length=2000, help_text="The text placed in the reason field.")

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title
