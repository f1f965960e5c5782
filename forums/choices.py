"""Choices shared by the boards' models (moderation states, reports on posts and on private
messages)."""

from django.db import models


class ReportReason(models.TextChoices):
    SPAM = "spam", "Spam"
    ABUSE = "abuse", "Abuse or harassment"
    MISINFORMATION = "misinformation", "Medical misinformation"
    PERSONAL_INFO = "personal_info", "Personal information shared"
    CRISIS = "crisis", "Someone may be at risk"
    OTHER = "other", "Other"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    DISMISSED = "dismissed", "Dismissed"
    RESOLVED = "resolved", "Resolved"


class Status(models.TextChoices):
    """Moderation state of a topic or post (see docs in README, "Message boards")."""

    VISIBLE = "visible", "Visible"
    HELD = "held", "Awaiting review"  # pre-moderation: only the author and moderators see it
    HIDDEN = "hidden", "Hidden by a moderator"  # reversible
    REMOVED = "removed", "Removed by a moderator"
    DELETED = "deleted", "Deleted by its author"
