"""What members control: private messages, blocks, notifications and their
frequency, reactions, bookmarks and optional profile fields.

Imported by forums/models/__init__.py so Django registers these models in the `forums` app.
Every "may this member do X" rule for them lives in forums/member_policy.py.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forums.choices import ReportReason, ReportStatus
from forums.markup import render_markdown


class FieldVisibility(models.TextChoices):
    ONLY_ME = "me", _("Only me")
    MEMBERS = "members", _("Signed-in members")
    EVERYONE = "everyone", _("Everyone")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


class MemberPreferences(models.Model):
    """Choices about messages and emails, and the visit markers behind "New since my last visit"."""

    member = models.OneToOneField("forums.Member", on_delete=models.CASCADE, related_name="preferences")
    allow_messages = models.BooleanField(
        default=True, help_text="Other members may send this member private messages."
    )
    email_frequency = models.CharField(
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.IMMEDIATE,
        help_text="Default for watched topics and boards; each watch can differ.",
    )
    emails_paused_until = models.DateTimeField(
        null=True, blank=True, help_text="No emails at all until this time."
    )
    email_language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="Every email to the member is written in this language; set to the language they signed up in.",
    )
    last_visit_at = models.DateTimeField(null=True, blank=True)
    previous_visit_at = models.DateTimeField(
        null=True, blank=True, help_text="Start of 'New since my last visit'."
    )

    def __str__(self):
        return f"Preferences of {self.member}"

    def emails_paused(self, now=None):
        return self.emails_paused_until is not None and self.emails_paused_until > (now or timezone.now())


class MemberProfile(models.Model):
    """Optional profile fields, each with its own visibility. Nothing is shown by default."""

    member = models.OneToOneField("forums.Member", on_delete=models.CASCADE, related_name="details")
    diagnosis_type = models.CharField(max_length=80, blank=True)
    diagnosis_stage = models.CharField(max_length=40, blank=True)
    diagnosis_year = models.PositiveSmallIntegerField(null=True, blank=True)
    diagnosis_visibility = models.CharField(
        max_length=10, choices=FieldVisibility.choices, default=FieldVisibility.ONLY_ME
    )
    treatments = models.CharField(max_length=300, blank=True)
    treatments_visibility = models.CharField(
        max_length=10, choices=FieldVisibility.choices, default=FieldVisibility.ONLY_ME
    )
    about_me = models.TextField(max_length=1000, blank=True)
    about_me_visibility = models.CharField(
        max_length=10, choices=FieldVisibility.choices, default=FieldVisibility.ONLY_ME
    )
    show_signature = models.BooleanField(
        default=False, help_text="Show a one-line diagnosis signature under the member's posts."
    )

    def __str__(self):
        return f"Profile of {self.member}"

    def diagnosis_line(self):
        return diagnosis_line_of(self.diagnosis_type, self.diagnosis_stage, self.diagnosis_year)


def diagnosis_line_of(diagnosis_type, diagnosis_stage, diagnosis_year):
    """The one-line diagnosis a profile shows (and a post's signature), from plain values."""
    stage = diagnosis_stage and gettext("stage %(stage)s") % {"stage": diagnosis_stage}
    parts = [diagnosis_type, stage]
    if diagnosis_year:
        parts.append(gettext("diagnosed %(year)s") % {"year": diagnosis_year})
    return ", ".join(p for p in parts if p)


class MemberBlock(models.Model):
    """`blocker` does not want to hear from `blocked`. The blocked member is never told."""

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="forums_block_unique")]

    def __str__(self):
        return f"Block {self.blocker_id} → {self.blocked_id}"


class Conversation(models.Model):
    subject = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return self.subject


class ConversationMember(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    last_read_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(
        null=True, blank=True, help_text="Left the conversation: no longer listed."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="forums_conversation_member_unique")
        ]
        indexes = [models.Index(fields=["user", "left_at"], name="forums_convmember_user")]

    def __str__(self):
        return f"{self.user_id} in conversation {self.conversation_id}"


class MessageStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden by a moderator")
    REMOVED = "removed", _("Removed (account deleted)")
    # A "hold" watched word: only the author sees it until a lead moderator delivers or refuses it.
    HELD = "held", _("Awaiting a moderator's review")
    REJECTED = "rejected", _("Not delivered (refused by a moderator)")


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="private_messages"
    )
    body = models.TextField()
    body_html = models.TextField(editable=False)
    status = models.CharField(max_length=10, choices=MessageStatus.choices, default=MessageStatus.VISIBLE)
    created_at = models.DateTimeField(default=timezone.now)
    # One per rendering of a message form: sending the same form again (double click, retry
    # after an error page) finds this message instead of sending it twice (forums.messages).
    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["conversation", "created_at"], name="forums_message_thread")]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_token"], name="forums_message_one_per_submission"
            )
        ]

    def __str__(self):
        return f"Message {self.pk} in conversation {self.conversation_id}"

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body) if self.body else ""
        super().save(*args, **kwargs)

    @property
    def author_name(self):
        if self.author_id is None:
            return "Deleted member"
        member = getattr(self.author, "member", None)
        return member.display_name if member else "Member"


class MessageReport(models.Model):
    """A participant's concern about a private message. Lead moderators review it and may then
    read the conversation; every such reading is written to the moderation log."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="message_reports"
    )
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    details = models.TextField(blank=True, max_length=1000)
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
            models.UniqueConstraint(
                fields=["message", "reporter"], name="forums_messagereport_one_per_member"
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()} report on message {self.message_id}"

    @property
    def is_crisis(self):
        return self.reason == ReportReason.CRISIS


UNREAD_CACHE_SECONDS = 300


def unread_cache_key(user_id):
    return f"forums:unread-notifications:{user_id}"


def forget_unread(user_ids):
    """Drop cached unread counts (call after creating or reading notifications)."""
    cache.delete_many([unread_cache_key(pk) for pk in set(user_ids)])


class NotificationKind(models.TextChoices):
    REPLY = "reply", _("Reply to you")
    MENTION = "mention", _("Mention")
    MESSAGE = "message", _("Private message")
    MODERATION = "moderation", _("Moderation outcome")


class Notification(models.Model):
    """One line on the member's on-site notifications page."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=12, choices=NotificationKind.choices)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "-created_at"], name="forums_notification_user"),
            # The unread count read with the session's user on every signed-in request.
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="forums_notification_unread"
            ),
        ]

    def __str__(self):
        return self.text


def unread_notifications_of_user(user_column="pk"):
    """The number of unread notifications of the user in the outer query (its `user_column`), as an
    annotation: the session's user is loaded with it (komensite.auth_backends), one lookup in
    the partial index above in the statement that loads the user, where reading the badge's
    count from the shared cache cost a Redis round trip on every signed-in board page (issue 15)."""
    unread = (
        Notification.objects.filter(user=OuterRef(user_column), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(unread), 0)


class Reaction(models.Model):
    """A supportive reaction (one of ForumSettings.reactions) by one member on one post."""

    post = models.ForeignKey("forums.Post", on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "label"], name="forums_reaction_unique")
        ]

    def __str__(self):
        return f"{self.label} on post {self.post_id}"


class ReactionCounts(models.Model):
    """How many reactions of each label a post has, kept beside the post so the topic page reads
    them with its posts (a join) instead of counting per label per post. Written only by
    forums.reactions.recount, in the transaction that adds or removes a reaction."""

    post = models.OneToOneField(
        "forums.Post", on_delete=models.CASCADE, primary_key=True, related_name="reaction_counts"
    )
    counts = models.JSONField(default=dict, blank=True, help_text="{label: number of reactions}")

    def __str__(self):
        return f"Reaction counts of post {self.post_id}"


class Bookmark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    post = models.ForeignKey("forums.Post", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="forums_bookmark_unique")]

    def __str__(self):
        return f"Bookmark {self.user_id} → {self.post_id}"


class WatchFrequency(models.Model):
    """A member's frequency for one watched topic or board, when it differs from their default."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=5, choices=[("topic", "Topic"), ("board", "Board")])
    object_id = models.BigIntegerField()
    frequency = models.CharField(max_length=10, choices=Frequency.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "object_id"], name="forums_watchfrequency_unique")
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.frequency}"


class DigestDelivery(models.Model):
    """One digest sent to one member for one period: a second run in the period sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    period = models.CharField(max_length=12, help_text="e.g. 2026-12-02 (daily) or 2026-W49 (weekly)")
    covers_until = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "frequency", "period"], name="forums_digest_once_per_period"
            )
        ]

    def __str__(self):
        return f"{self.frequency} digest {self.period} for {self.user_id}"
