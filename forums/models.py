"""Message boards: member profiles, boards (Wagtail pages), topics and posts (plain models).

Topics and posts are high-volume user content, so they are ordinary Django models with
denormalised counters (`Topic.reply_count`, `Topic.last_post`) that keep the board and topic
pages at a constant number of queries. Every post and topic carries a moderation `status`;
only `visible` content is ever listed, counted, searched or emailed.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat, Lower
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from core.models import BasePage
from forums import routes
from forums.choices import ReportReason, ReportStatus
from forums.markup import render_markdown
from forums.member_models import (  # noqa: F401  (member features' models: registered with the app here)
    Bookmark,
    Conversation,
    ConversationMember,
    DigestDelivery,
    MemberBlock,
    MemberPreferences,
    MemberProfile,
    Message,
    MessageReport,
    Notification,
    Reaction,
    WatchFrequency,
)
from forums.modtools_models import (  # noqa: F401  (moderator tools' models: registered with the app here)
    Appeal,
    CrisisCase,
    MemberNote,
    ModerationSettings,
    SlowMode,
    TopicNote,
    TopicSchedule,
    WatchedWord,
)
from forums.watched_words import apply_to_board_id

DELETED_MEMBER_NAME = "Deleted member"


def author_display_name(user):
    """How a topic's or post's author is named: their display name, or "Deleted member"."""
    if user is None:
        return DELETED_MEMBER_NAME
    member = getattr(user, "member", None)
    return member.display_name if member else "Member"


class Status(models.TextChoices):
    """Moderation state of a topic or post (see docs in README, "Message boards")."""

    VISIBLE = "visible", "Visible"
    HELD = "held", "Awaiting review"  # pre-moderation: only the author and moderators see it
    HIDDEN = "hidden", "Hidden by a moderator"  # reversible
    REMOVED = "removed", "Removed by a moderator"
    DELETED = "deleted", "Deleted by its author"


class ProfileVisibility(models.TextChoices):
    PUBLIC = "public", "Anyone can see my profile"
    MEMBERS = "members", "Only signed-in members can see my profile"


class Member(models.Model):
    """A message-board member: the public face of a Django user account."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member")
    display_name = models.CharField(
        max_length=40,
        help_text="The name shown with the member's posts. Pseudonyms are welcome.",
    )
    profile_visibility = models.CharField(
        max_length=10, choices=ProfileVisibility.choices, default=ProfileVisibility.MEMBERS
    )
    confirmed_adult_at = models.DateTimeField(help_text="When the member confirmed they are 18 or older.")
    accepted_guidelines_at = models.DateTimeField(
        help_text="When the member accepted the community guidelines."
    )
    email_notifications = models.BooleanField(
        default=True, help_text="Send emails about new posts in watched topics and boards."
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Moderation: posting and the moderation tools both read these.
    approved_post_count = models.PositiveIntegerField(
        default=0, help_text="Posts approved so far; boards can pre-moderate members below a threshold."
    )
    suspended_until = models.DateTimeField(
        null=True, blank=True, help_text="The member can read but not post until this time."
    )
    is_banned = models.BooleanField(default=False, help_text="Banned members can read but never post.")
    suspension_reason = models.TextField(blank=True, help_text="Shown to the member while suspended.")

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("display_name"), name="forums_member_display_name_ci_unique"),
        ]

    def __str__(self):
        return self.display_name

    def is_suspended(self, now=None):
        """Suspended right now (a ban is separate: `is_banned`)."""
        return self.suspended_until is not None and self.suspended_until > (now or timezone.now())


class LimitField(models.PositiveSmallIntegerField):
    """A number editors set that the boards' limits divide or count by. Its validators' bounds
    also become the admin's number input range, so the range is visible before saving."""

    def formfield(self, **kwargs):
        for validator in self.validators:
            if isinstance(validator, MinValueValidator):
                kwargs.setdefault("min_value", validator.limit_value)
            elif isinstance(validator, MaxValueValidator):
                kwargs.setdefault("max_value", validator.limit_value)
        return super().formfield(**kwargs)


@register_setting(icon="group")
class ForumSettings(BaseSiteSetting):
    """Message-board text and limits editors can change."""

    crisis_notice = models.TextField(
        max_length=600,
        default=(
            "If you are in crisis or thinking about harming yourself, call or text 988 (Suicide & "
            "Crisis Lifeline) or call 911 now. Our moderators are volunteers and do not watch the "
            "boards around the clock."
        ),
        help_text="Shown on every board and topic page. Say where to get help right now.",
    )
    guidelines_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The community guidelines page linked from sign-up and every board.",
    )
    new_member_days = LimitField(
        validators=[MinValueValidator(0), MaxValueValidator(365)],
        default=7,
        help_text="Members count as new for this many days after joining (0 to 365).",
    )
    new_member_posts_per_window = LimitField(
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        default=3,
        help_text="How many posts a new member may make per rate-limit window (1 to 100).",
    )
    posts_per_window = LimitField(
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        default=10,
        help_text="How many posts an established member may make per rate-limit window (1 to 500).",
    )
    rate_window_minutes = LimitField(
        validators=[MinValueValidator(1), MaxValueValidator(1440)],
        default=10,
        help_text="Length of the posting rate-limit window, in minutes (1 to 1440, one day).",
    )
    reports_per_hour = LimitField(
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        default=10,
        help_text="How many posts one member may report per hour (1 to 100).",
    )
    new_member_max_links = LimitField(
        validators=[MinValueValidator(0), MaxValueValidator(50)],
        default=2,
        help_text="A new member's post with more links than this is held for a moderator (0: any link), on "
        "every board, whatever the board's pre-moderation setting (at most 50).",
    )
    reactions = models.TextField(
        default="Thank you\nSending hugs\nMe too",
        blank=True,
        help_text="Supportive reactions members can add to posts, one a line (up to 40 characters each).",
    )

    panels = [
        FieldPanel("crisis_notice"),
        FieldPanel("guidelines_page"),
        MultiFieldPanel(
            [
                FieldPanel("new_member_days"),
                FieldPanel("new_member_posts_per_window"),
                FieldPanel("posts_per_window"),
                FieldPanel("rate_window_minutes"),
                FieldPanel("reports_per_hour"),
                FieldPanel("new_member_max_links"),
            ],
            heading="Limits",
        ),
        FieldPanel("reactions"),
    ]

    class Meta:
        verbose_name = "message board settings"

    def reaction_labels(self):
        return list(dict.fromkeys(line.strip()[:40] for line in self.reactions.splitlines() if line.strip()))


class ForumIndexPage(BasePage):
    intro = models.TextField(blank=True, max_length=600, help_text="Shown above the list of boards.")

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["forums.BoardPage"]
    max_count = 1
    page_description = "The 'Message Boards' page listing every board."

    class Meta:
        verbose_name = "message boards index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        boards = list(
            BoardPage.objects.child_of(self)
            .live()
            .annotate(
                topic_total=models.Count("topics", filter=models.Q(topics__status=Status.VISIBLE)),
                last_activity=models.Max(
                    "topics__last_post_at", filter=models.Q(topics__status=Status.VISIBLE)
                ),
            )
            .order_by("path")
        )
        context["boards"] = boards
        return context


class BoardVisibility(models.TextChoices):
    PUBLIC = "public", "Anyone can read"
    MEMBERS = "members", "Only signed-in members can read"


class PreModeration(models.TextChoices):
    NONE = "none", "Publish posts straight away"
    NEW_MEMBERS = "new_members", "Hold posts from new members for review"
    ALL = "all", "Hold every new post for review"


class BoardPage(RoutablePageMixin, BasePage):
    description = models.TextField(max_length=600, help_text="What this board is for, in a sentence or two.")
    guidelines = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="Rules specific to this board, shown above its topics.",
    )
    visibility = models.CharField(
        max_length=10,
        choices=BoardVisibility.choices,
        default=BoardVisibility.PUBLIC,
        help_text="Members-only boards are hidden from visitors and from site search.",
    )
    premoderation = models.CharField(
        max_length=12,
        choices=PreModeration.choices,
        default=PreModeration.NONE,
        help_text="Whether new posts wait for a moderator before anyone else sees them. Whatever you "
        "choose, a post is still held when it uses a 'hold' watched word, or when a new member (see "
        "Message board settings: 'new member days') includes more links than the new-member link limit "
        "there; with 'Publish posts straight away' nothing is held just for coming from a new member.",
    )
    premoderation_threshold = LimitField(
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        default=3,
        help_text="With 'new members' pre-moderation: how many approved posts make a member trusted (1 to 100).",
    )
    moderator_group = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderated_boards",
        help_text="Members of this group moderate this board (and only this board). Lead moderators "
        "moderate every board.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("description"),
        FieldPanel("guidelines"),
        FieldPanel("visibility"),
        MultiFieldPanel(
            [
                FieldPanel("premoderation"),
                FieldPanel("premoderation_threshold"),
                # Only lead moderators and superusers may choose who moderates a board: without
                # the permission the field is left out of the form (Wagtail enforces it).
                FieldPanel("moderator_group", permission="forums.assign_board_moderators"),
            ],
            heading="Moderation",
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("description")]

    parent_page_types = ["forums.ForumIndexPage"]
    subpage_types = []
    page_description = "A message board where members start topics and reply."

    TOPICS_PER_PAGE = 25
    POSTS_PER_PAGE = 20

    class Meta:
        verbose_name = "message board"
        permissions = [
            ("assign_board_moderators", "Can choose which group moderates a message board"),
        ]

    @property
    def members_only(self):
        return self.visibility == BoardVisibility.MEMBERS

    def get_listing_summary(self):
        return self.listing_summary or self.description

    def get_sitemap_urls(self, request=None):
        # sitemap.xml is public (and cached for everyone): members-only boards stay out of it.
        # Boards with Wagtail view restrictions are left out by Wagtail's own sitemap.
        if self.members_only:
            return []
        return super().get_sitemap_urls(request)

    # Sub-URLs. The views live in forums/views.py, which imports these models, so the model
    # dispatches by route name to the view registered there (forums.routes), behind one
    # policy guard; nothing here imports the views.
    @path("")
    def board_index(self, request):
        return routes.dispatch("board", request, self)

    @path("search/", name="search")
    def board_search(self, request):
        return routes.dispatch("search", request, self)

    @path("new/", name="new_topic")
    def new_topic(self, request):
        return routes.dispatch("new_topic", request, self)

    @path("watch/", name="watch")
    def board_watch(self, request):
        return routes.dispatch("watch", request, self)

    @path("topics/<int:topic_id>/", name="topic")
    def topic(self, request, topic_id):
        return routes.dispatch("topic", request, self, topic_id)

    @path("topics/<int:topic_id>/reply/", name="reply")
    def reply(self, request, topic_id):
        return routes.dispatch("reply", request, self, topic_id)

    @path("topics/<int:topic_id>/watch/", name="topic_watch")
    def topic_watch(self, request, topic_id):
        return routes.dispatch("topic_watch", request, self, topic_id)

    @path("posts/<int:post_id>/", name="post")
    def post_link(self, request, post_id):
        return routes.dispatch("post", request, self, post_id)

    @path("posts/<int:post_id>/edit/", name="post_edit")
    def post_edit(self, request, post_id):
        return routes.dispatch("post_edit", request, self, post_id)

    @path("posts/<int:post_id>/delete/", name="post_delete")
    def post_delete(self, request, post_id):
        return routes.dispatch("post_delete", request, self, post_id)

    @path("posts/<int:post_id>/history/", name="post_history")
    def post_history(self, request, post_id):
        return routes.dispatch("post_history", request, self, post_id)

    @path("posts/<int:post_id>/report/", name="post_report")
    def post_report(self, request, post_id):
        return routes.dispatch("post_report", request, self, post_id)


class Topic(models.Model):
    board = models.ForeignKey(BoardPage, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(max_length=150)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_topics",
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE, db_index=True)
    is_pinned = models.BooleanField(default=False, help_text="Pinned topics stay at the top of the board.")
    is_locked = models.BooleanField(default=False, help_text="Locked topics take no new replies.")
    # Denormalised for constant-query listings; kept right by forums.posting.refresh_topic.
    reply_count = models.PositiveIntegerField(default=0)
    last_post_at = models.DateTimeField(default=timezone.now)
    last_post = models.ForeignKey(
        "forums.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        # A thread on a board; not the health-content taxonomy (pages.Topic).
        verbose_name = "board topic"
        indexes = [
            models.Index(
                fields=["board", "status", "-is_pinned", "-last_post_at"], name="forums_topic_listing"
            ),
        ]

    def __str__(self):
        return self.title

    def get_url(self, request=None):
        return self.board.url + self.board.reverse_subpage("topic", args=[self.pk])

    @property
    def url(self):
        return self.get_url()

    @property
    def author_name(self):
        return author_display_name(self.author if self.author_id else None)


class PostQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class Post(index.Indexed, models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    # Denormalised from the topic: moderation queues and search filter by board.
    board = models.ForeignKey(BoardPage, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="forum_posts"
    )
    body = models.TextField(help_text="What the member wrote (plain text with a little Markdown).")
    body_html = models.TextField(editable=False, help_text="Sanitised HTML rendered from the body on save.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE, db_index=True)
    is_first = models.BooleanField(default=False, help_text="The message that started the topic.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    held_reason = models.CharField(
        max_length=200, blank=True, help_text="Why the post was held for review (shown to moderators)."
    )
    # An author's edit that a new post would have held waits here for a moderator; the last
    # approved text (body) stays visible meanwhile.
    pending_body = models.TextField(blank=True, help_text="An edit awaiting review.")
    pending_title = models.CharField(max_length=150, blank=True, help_text="The topic title in that edit.")
    pending_at = models.DateTimeField(null=True, blank=True, db_index=True)
    pending_reason = models.CharField(
        max_length=200, blank=True, help_text="Why the edit was held for review (shown to moderators)."
    )
    # One per rendering of a posting form: a second send of the same form (double click, retry
    # after an error page) finds this post instead of saving the message again.
    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    objects = PostQuerySet.as_manager()

    search_fields = [
        index.SearchField("body"),
        index.RelatedFields("topic", [index.SearchField("title"), index.FilterField("status")]),
        index.FilterField("status"),
        index.FilterField("board"),
        index.FilterField("created_at"),
    ]

    class Meta:
        indexes = [
            models.Index(fields=["topic", "status", "created_at"], name="forums_post_thread"),
            models.Index(fields=["author", "created_at"], name="forums_post_author"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_token"], name="forums_post_one_per_submission"
            ),
        ]

    def __str__(self):
        return f"Post {self.pk} in {self.topic_id}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.body_html = render_markdown(apply_to_board_id(self.body, self.board_id))
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    @property
    def url(self):
        """Permalink: redirects to the page of the topic that shows this post."""
        return f"{self.board.url}{self.board.reverse_subpage('post', args=[self.pk])}"

    @property
    def author_name(self):
        return author_display_name(self.author if self.author_id else None)


class PostRevision(models.Model):
    """The text of a post before each edit: edits never lose what was there."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    replaced_at = models.DateTimeField(default=timezone.now)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True, help_text="Why a moderator edited the post.")

    class Meta:
        ordering = ["-replaced_at"]

    def __str__(self):
        return f"Revision of post {self.post_id} ({self.replaced_at:%Y-%m-%d %H:%M})"


class PostEmailSent(models.Model):
    """One row per email sent about a post to a watcher: a retried task (after a worker died
    part-way) sends only the emails that are missing."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="forums_post_email_once")]

    def __str__(self):
        return f"Email about post {self.post_id} to user {self.user_id}"


class TopicWatch(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_watches")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="forums_topicwatch_unique")]

    def __str__(self):
        return f"TopicWatch {self.user_id} → {self.topic_id}"


class BoardWatch(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_watches")
    board = models.ForeignKey(BoardPage, on_delete=models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "board"], name="forums_boardwatch_unique")]

    def __str__(self):
        return f"BoardWatch {self.user_id} → {self.board_id}"


class TopicRead(models.Model):
    """When a member last read a topic: drives the 'new' markers on board pages."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="reads")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="forums_topicread_unique")]

    def __str__(self):
        return f"TopicRead {self.user_id} → {self.topic_id}"


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


class ActionKind(models.TextChoices):
    APPROVE = "approve", "Approved post"
    REJECT = "reject", "Rejected post"
    HIDE = "hide", "Hid post"
    RESTORE = "restore", "Restored post"
    EDIT = "edit", "Edited post"
    LOCK = "lock", "Locked topic"
    UNLOCK = "unlock", "Unlocked topic"
    PIN = "pin", "Pinned topic"
    UNPIN = "unpin", "Unpinned topic"
    MOVE = "move", "Moved topic"
    MERGE = "merge", "Merged topics"
    DISMISS = "dismiss", "Dismissed report"
    WARN = "warn", "Warned member"
    SUSPEND = "suspend", "Suspended member"
    BAN = "ban", "Banned member"
    LIFT = "lift", "Lifted suspension"
    APPROVE_EDIT = "edit_ok", "Approved edit"
    REJECT_EDIT = "edit_no", "Rejected edit"
    ASSIGN_MODERATORS = "moderators", "Assigned board moderators"
    # Moderator tools (issue 17, forums/modtools_models.py).
    REACH_OUT = "reach_out", "Reached out to member"
    SLOW_MODE = "slow_mode", "Set slow mode"
    SLOW_MODE_OFF = "slow_off", "Ended slow mode"
    CLOSE_AT = "close_at", "Scheduled topic close"
    SPLIT = "split", "Split topic"
    TOPIC_NOTE = "topic_note", "Noted on topic"
    MEMBER_NOTE = "member_note", "Noted on member"
    APPEAL = "appeal", "Decided appeal"
    CRISIS_OPEN = "crisis_open", "Opened crisis case"
    CRISIS_ACK = "crisis_ack", "Acknowledged crisis case"
    CRISIS_ESCALATE = "crisis_esc", "Escalated crisis case"
    CRISIS_CLOSE = "crisis_close", "Closed crisis case"
    WATCHED_WORD = "watched", "Watched word matched"
    READ_PM = "read_pm", "Read a reported conversation"


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
    target_type = models.CharField(max_length=10, help_text="post, topic, member, report or board")
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
