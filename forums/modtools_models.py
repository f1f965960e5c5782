"""Models of the moderator tools of issue 17: watched words, crisis cases, slow mode, timed close,
topic notes, moderator notes on members and appeals, and their site settings.

Kept apart from forums/models/ (whose __init__.py imports this module) so the branches that
restructure the forums can merge without touching the same lines.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="warning")
class ModerationSettings(BaseSiteSetting):
    """Crisis escalation times and the addresses moderation emails use."""

    moderators_email = models.EmailField(
        blank=True,
        help_text="Replies to moderation emails (rejections, warnings, suspensions) go here "
        "(the emails' Reply-To). Leave empty to point members to the appeal link only.",
    )
    crisis_staff_email = models.EmailField(
        blank=True,
        help_text="A staff address emailed, with the lead moderators, when nobody acknowledges a crisis "
        "case in time.",
    )
    crisis_acknowledge_minutes = models.PositiveSmallIntegerField(
        default=15,
        help_text="Minutes a crisis case may wait for a moderator's acknowledgement before it is escalated.",
    )
    crisis_repeat_minutes = models.PositiveSmallIntegerField(
        default=15, help_text="Minutes between repeated escalation emails while a case stays unacknowledged."
    )
    crisis_max_escalations = models.PositiveSmallIntegerField(
        default=8, help_text="How many escalation emails at most per crisis case."
    )
    crisis_reply_template = models.TextField(
        max_length=3000,
        default=(
            "Hello {name},\n\n"
            "I'm one of the volunteer moderators of the Komen message boards. I read your post and "
            "wanted to reach out to you personally: you matter, and you don't have to carry this alone.\n\n"
            "If you are thinking about harming yourself, please call or text 988 (the Suicide & Crisis "
            "Lifeline, any time, day or night) or call 911 if you are in danger right now.\n\n"
            "For support with breast cancer, the {helpline} is there for you: {helpline_number}.\n\n"
            "Take care of yourself. We are glad you are part of this community."
        ),
        help_text="The caring message moderators start from when they reach out. {name}, {helpline} and "
        "{helpline_number} are filled in; moderators can edit the text before sending.",
    )

    panels = [
        FieldPanel("moderators_email"),
        MultiFieldPanel(
            [
                FieldPanel("crisis_staff_email"),
                FieldPanel("crisis_acknowledge_minutes"),
                FieldPanel("crisis_repeat_minutes"),
                FieldPanel("crisis_max_escalations"),
                FieldPanel("crisis_reply_template"),
            ],
            heading="Crisis protocol",
        ),
    ]

    class Meta:
        verbose_name = "moderation settings"


class WatchedAction(models.TextChoices):
    BLOCK = "block", _("Block: refuse the post (the member keeps their text)")
    HOLD = "hold", _("Hold for a moderator's review")
    FLAG = "flag", _("Flag: publish, and report it to the moderators")
    CENSOR = "censor", _("Censor: show ■■■ instead")
    REPLACE = "replace", _("Replace with other words")
    LINK = "link", _("Link the words to a page")
    CRISIS = "crisis", _("Crisis: publish, and open a crisis case")


class WatchedWord(models.Model):
    """A word, phrase or simple wildcard (`*` for any letters) and what happens when a member uses it.

    Matching ignores case and accents and respects word boundaries ("class" does not match
    "classic"); see forums/watched_words.py."""

    word = models.CharField(
        max_length=100,
        help_text="A word or phrase; * matches any letters inside a word (e.g. 'casino*').",
    )
    action = models.CharField(max_length=10, choices=WatchedAction.choices)
    board = models.ForeignKey(
        "forums.BoardPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="watched_words",
        help_text="Leave empty for every board.",
    )
    replacement = models.CharField(
        max_length=200, blank=True, help_text="With 'replace': the words shown instead."
    )
    link_url = models.URLField(blank=True, help_text="With 'link': the page the words link to.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["word"]
        # Two partial constraints rather than NULLS NOT DISTINCT, which SQLite (make run) lacks.
        constraints = [
            models.UniqueConstraint(
                Lower("word"),
                "board",
                condition=models.Q(board__isnull=False),
                name="forums_watchedword_unique_per_board",
            ),
            models.UniqueConstraint(
                Lower("word"),
                condition=models.Q(board__isnull=True),
                name="forums_watchedword_unique_site_wide",
            ),
        ]

    def __str__(self):
        return f"{self.word} ({self.get_action_display().split(':')[0]})"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.action == WatchedAction.REPLACE and not self.replacement.strip():
            raise ValidationError({"replacement": "Give the words to show instead."})
        if self.action == WatchedAction.LINK and not self.link_url:
            raise ValidationError({"link_url": "Give the address to link to."})
        if not self.word.strip(" *"):
            raise ValidationError({"word": "Give a word or phrase, not only wildcards."})


class CrisisSource(models.TextChoices):
    REPORT = "report", _("A member's report")
    WATCHED_WORD = "watched_word", _("A crisis watched word")


class CrisisCase(models.Model):
    """Someone may be at risk: one open case per post or private message, with the timestamps of
    the protocol. A post's case has its board; a message belongs to no board (lead moderators
    handle it)."""

    post = models.ForeignKey(
        "forums.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="crisis_cases"
    )
    board = models.ForeignKey(
        "forums.BoardPage", null=True, blank=True, on_delete=models.CASCADE, related_name="crisis_cases"
    )
    message = models.ForeignKey(
        "forums.Message", null=True, blank=True, on_delete=models.CASCADE, related_name="crisis_cases"
    )
    report = models.ForeignKey(
        "forums.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="crisis_cases"
    )
    message_report = models.ForeignKey(
        "forums.MessageReport", null=True, blank=True, on_delete=models.SET_NULL, related_name="crisis_cases"
    )
    source = models.CharField(max_length=15, choices=CrisisSource.choices)
    matched = models.CharField(max_length=100, blank=True, help_text="The watched word that opened the case.")
    opened_at = models.DateTimeField(default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contacted_at = models.DateTimeField(null=True, blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.TextField(blank=True, max_length=2000)
    escalation_count = models.PositiveSmallIntegerField(default=0)
    last_escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post"], condition=models.Q(closed_at__isnull=True), name="forums_crisis_one_open"
            ),
            models.UniqueConstraint(
                fields=["message"],
                condition=models.Q(closed_at__isnull=True),
                name="forums_crisis_one_open_message",
            ),
            # Exactly one of post (with its board) or message.
            models.CheckConstraint(
                condition=(
                    models.Q(post__isnull=False, board__isnull=False, message__isnull=True)
                    | models.Q(post__isnull=True, board__isnull=True, message__isnull=False)
                ),
                name="forums_crisis_post_or_message",
            ),
        ]

    def __str__(self):
        if self.message_id:
            return f"Crisis case {self.pk} on message {self.message_id}"
        return f"Crisis case {self.pk} on post {self.post_id}"

    @property
    def on_message(self):
        return self.message_id is not None

    @property
    def is_open(self):
        return self.closed_at is None


class SlowMode(models.Model):
    """One post per member per N minutes on a topic or a whole board, until `ends_at`."""

    topic = models.OneToOneField(
        "forums.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="slow_mode"
    )
    board = models.OneToOneField(
        "forums.BoardPage", null=True, blank=True, on_delete=models.CASCADE, related_name="slow_mode"
    )
    minutes = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=300)
    ends_at = models.DateTimeField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(topic__isnull=True) ^ models.Q(board__isnull=True),
                name="forums_slowmode_topic_xor_board",
            ),
        ]

    def __str__(self):
        return f"Slow mode: {self.minutes} min"


class TopicSchedule(models.Model):
    """A topic that locks itself at `close_at` (timed close)."""

    topic = models.OneToOneField("forums.Topic", on_delete=models.CASCADE, related_name="schedule")
    close_at = models.DateTimeField(db_index=True)
    reason = models.CharField(max_length=300, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"Topic {self.topic_id} closes at {self.close_at:%Y-%m-%d %H:%M}"


class TopicNote(models.Model):
    """A note on a topic for moderators only."""

    topic = models.ForeignKey("forums.Topic", on_delete=models.CASCADE, related_name="moderator_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Note on topic {self.topic_id}"


class MemberNote(models.Model):
    """A moderator's note about a member: moderators only (see docs/moderation.md on exports)."""

    member = models.ForeignKey("forums.Member", on_delete=models.CASCADE, related_name="moderator_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=150)
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Note on member {self.member_id}"


class AppealKind(models.TextChoices):
    REJECTION = "rejection", _("A rejected post")
    SUSPENSION = "suspension", _("A suspension or ban")


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a lead moderator")
    UPHELD = "upheld", _("Decision kept")
    GRANTED = "granted", _("Decision reversed")


class Appeal(models.Model):
    """A member asks a lead moderator to look again at a rejection or a suspension (once)."""

    member = models.ForeignKey("forums.Member", on_delete=models.CASCADE, related_name="appeals")
    kind = models.CharField(max_length=10, choices=AppealKind.choices)
    post = models.ForeignKey(
        "forums.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="appeals"
    )
    # The suspension or ban appealed against (its log row), so a new suspension can be appealed anew.
    action = models.ForeignKey(
        "forums.ModerationAction",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    text = models.TextField(max_length=3000)
    status = models.CharField(max_length=10, choices=AppealStatus.choices, default=AppealStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response = models.TextField(blank=True, max_length=3000)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "post"],
                condition=models.Q(post__isnull=False),
                name="forums_appeal_once_post",
            ),
            models.UniqueConstraint(
                fields=["member", "action"],
                condition=models.Q(action__isnull=False),
                name="forums_appeal_once_action",
            ),
        ]

    def __str__(self):
        return f"Appeal {self.pk} by member {self.member_id}"
