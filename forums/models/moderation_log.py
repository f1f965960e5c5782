"""The append-only moderation log: one row per moderation action."""

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums.models.boards import BoardPage
from forums.models.topics import Post


class ActionKind(models.TextChoices):
    APPROVE = "approve", _("Approved post")
    REJECT = "reject", _("Rejected post")
    HIDE = "hide", _("Hid post")
    RESTORE = "restore", _("Restored post")
    EDIT = "edit", _("Edited post")
    LOCK = "lock", _("Locked topic")
    UNLOCK = "unlock", _("Unlocked topic")
    PIN = "pin", _("Pinned topic")
    UNPIN = "unpin", _("Unpinned topic")
    MOVE = "move", _("Moved topic")
    MERGE = "merge", _("Merged topics")
    DISMISS = "dismiss", _("Dismissed report")
    WARN = "warn", _("Warned member")
    SUSPEND = "suspend", _("Suspended member")
    BAN = "ban", _("Banned member")
    LIFT = "lift", _("Lifted suspension")
    APPROVE_EDIT = "edit_ok", _("Approved edit")
    REJECT_EDIT = "edit_no", _("Rejected edit")
    ASSIGN_MODERATORS = "moderators", _("Assigned board moderators")
    # Moderator tools (forums/modtools_models.py).
    REACH_OUT = "reach_out", _("Reached out to member")
    SLOW_MODE = "slow_mode", _("Set slow mode")
    SLOW_MODE_OFF = "slow_off", _("Ended slow mode")
    CLOSE_AT = "close_at", _("Scheduled topic close")
    SPLIT = "split", _("Split topic")
    TOPIC_NOTE = "topic_note", _("Noted on topic")
    MEMBER_NOTE = "member_note", _("Noted on member")
    APPEAL = "appeal", _("Decided appeal")
    CRISIS_OPEN = "crisis_open", _("Opened crisis case")
    CRISIS_ACK = "crisis_ack", _("Acknowledged crisis case")
    CRISIS_ESCALATE = "crisis_esc", _("Escalated crisis case")
    CRISIS_CLOSE = "crisis_close", _("Closed crisis case")
    WATCHED_WORD = "watched", _("Watched word matched")
    READ_PM = "read_pm", _("Read a reported conversation")
    IMPORT_WATCHED_WORDS = "ww_import", _("Imported watched words")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a moderation log row."""


# What a redacted log row holds instead of a departed member's words (see `redact_authored`).
# The database triggers (migrations 0002 and 0004) allow exactly this change and no other.
REDACTED = {"redacted": True}
REDACTED_LABEL_SUFFIX = " (removed by its author)"


class ModerationActionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The moderation log is append-only.")

    def delete(self):
        raise AppendOnlyError("The moderation log is append-only.")

    _raw_delete = delete

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("The moderation log is append-only.")

    def bulk_create(self, objs, *args, **kwargs):
        # An upsert (update_conflicts) rewrites existing rows; ignore_conflicts hides refusals.
        if kwargs.get("update_conflicts") or kwargs.get("ignore_conflicts"):
            raise AppendOnlyError("The moderation log is append-only: new rows only.")
        objs = list(objs)
        if any(obj.pk is not None for obj in objs):
            raise AppendOnlyError("The moderation log numbers its own rows: leave pk unset.")
        return super().bulk_create(objs, *args, **kwargs)

    def redact_authored(self, post_ids, topic_ids):
        """The one change the log allows: drop a departed member's words (post text copied into
        edit rows, titles of topics they started) and keep that each action happened."""
        post_rows = self.filter(target_type="post", target_id__in=post_ids)
        models.QuerySet.update(post_rows.filter(before__has_key="body"), before=REDACTED)
        models.QuerySet.update(post_rows.filter(after__has_key="body"), after=REDACTED)
        titled = self.filter(
            models.Q(target_type="topic", target_id__in=topic_ids)
            | models.Q(
                target_type="post", target_id__in=Post.objects.filter(topic_id__in=topic_ids).values("pk")
            )
        ).exclude(target_label__endswith=REDACTED_LABEL_SUFFIX)
        for kind in ("topic", "post"):
            models.QuerySet.update(
                titled.filter(target_type=kind),
                target_label=Concat(
                    Value(kind.capitalize() + " "),
                    Cast("target_id", models.CharField()),
                    Value(REDACTED_LABEL_SUFFIX),
                ),
            )


class ModerationAction(models.Model):
    """One row per moderation action: who did what to which object, when and why.

    Append-only: the model refuses updates, upserts and deletes, and database triggers
    (PostgreSQL: migrations 0002 and 0004; SQLite: 0004) refuse them at the database too. The
    one exception is `redact_authored`, for a member who deletes their account and posts. References are kept without database constraints
    so that deleting a member, post or board never has to touch (or cascade into) the log.
    """

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    moderator_name = models.CharField(max_length=150, help_text="Who acted, as named when they acted.")
    action = models.CharField(max_length=20, choices=ActionKind.choices, db_index=True)
    board = models.ForeignKey(
        BoardPage, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="The member whose content or account the action concerned.",
    )
    member_name = models.CharField(max_length=150, blank=True)
    target_type = models.CharField(
        max_length=10, help_text="post, topic, member, report, board, message or words"
    )
    target_id = models.BigIntegerField()
    target_label = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["board", "-created_at"], name="forums_modlog_board"),
            models.Index(fields=["member", "-created_at"], name="forums_modlog_member"),
        ]

    def __str__(self):
        return f"{self.moderator_name}: {self.get_action_display()} {self.target_label}"

    def save(self, *args, **kwargs):
        # A new instance given an existing pk would make Django UPDATE that row: only ever insert.
        if not self._state.adding or self.pk is not None:
            raise AppendOnlyError("The moderation log is append-only.")
        kwargs["force_insert"] = True
        kwargs.pop("force_update", None)
        kwargs.pop("update_fields", None)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The moderation log is append-only.")
