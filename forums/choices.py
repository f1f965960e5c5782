"""Choices shared by the boards' models (moderation states, reports on posts and on private
messages)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    ABUSE = "abuse", _("Abuse or harassment")
    MISINFORMATION = "misinformation", _("Medical misinformation")
    PERSONAL_INFO = "personal_info", _("Personal information shared")
    CRISIS = "crisis", _("Someone may be at risk")
    OTHER = "other", _("Other")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DISMISSED = "dismissed", _("Dismissed")
    RESOLVED = "resolved", _("Resolved")


class Status(models.TextChoices):
    """Moderation state of a topic or post (see docs in README, "Message boards")."""

    VISIBLE = "visible", _("Visible")
    HELD = "held", "Awaiting review"  # pre-moderation: only the author and moderators see it
    HIDDEN = "hidden", "Hidden by a moderator"  # reversible
    REMOVED = "removed", _("Removed by a moderator")
    DELETED = "deleted", _("Deleted by its author")
