"""Choices shared by the boards' models (reports on posts and on private messages)."""

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
