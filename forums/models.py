"""Message boards: member profiles, boards (Wagtail pages), topics and posts (plain models).

Topics and posts are high-volume user content, so they are ordinary Django models with
denormalised counters (`Topic.reply_count`, `Topic.last_post`) that keep the board and topic
pages at a constant number of queries. Every post and topic carries a moderation `status`;
only `visible` content is ever listed, counted, searched or emailed.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from pages.models import BasePage


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
    # Moderation (issue 7 builds the tools; posting already respects these).
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
        now = now or timezone.now()
        return self.is_banned or (self.suspended_until is not None and self.suspended_until > now)


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
    new_member_days = models.PositiveSmallIntegerField(
        default=7, help_text="Members count as new for this many days after joining."
    )
    new_member_posts_per_window = models.PositiveSmallIntegerField(
        default=3, help_text="How many posts a new member may make per rate-limit window."
    )
    posts_per_window = models.PositiveSmallIntegerField(
        default=10, help_text="How many posts an established member may make per rate-limit window."
    )
    rate_window_minutes = models.PositiveSmallIntegerField(
        default=10, help_text="Length of the posting rate-limit window, in minutes."
    )
    reports_per_hour = models.PositiveSmallIntegerField(
        default=10, help_text="How many posts one member may report per hour."
    )
    new_member_max_links = models.PositiveSmallIntegerField(
        default=2,
        help_text="A new member's post with more links than this is held for a moderator (0: any link).",
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
        help_text="Whether new posts wait for a moderator before anyone else sees them.",
    )
    premoderation_threshold = models.PositiveSmallIntegerField(
        default=3,
        help_text="With 'new members' pre-moderation: how many approved posts make a member trusted.",
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
    blocked_words = models.TextField(
        blank=True,
        help_text="One word or phrase a line. Posts containing any of them wait for a moderator.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("description"),
        FieldPanel("guidelines"),
        FieldPanel("visibility"),
        MultiFieldPanel(
            [
                FieldPanel("premoderation"),
                FieldPanel("premoderation_threshold"),
                FieldPanel("moderator_group"),
                FieldPanel("blocked_words"),
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

    @property
    def members_only(self):
        return self.visibility == BoardVisibility.MEMBERS

    def get_listing_summary(self):
        return self.listing_summary or self.description

    # Sub-URLs; the views themselves live in forums/views.py.
    @path("")
    def board_index(self, request):
        return views().board(request, self)

    @path("search/", name="search")
    def board_search(self, request):
        return views().board_search(request, self)

    @path("new/", name="new_topic")
    def new_topic(self, request):
        return views().new_topic(request, self)

    @path("watch/", name="watch")
    def board_watch(self, request):
        return views().board_watch(request, self)

    @path("topics/<int:topic_id>/", name="topic")
    def topic(self, request, topic_id):
        return views().topic_detail(request, self, topic_id)

    @path("topics/<int:topic_id>/reply/", name="reply")
    def reply(self, request, topic_id):
        return views().reply(request, self, topic_id)

    @path("topics/<int:topic_id>/watch/", name="topic_watch")
    def topic_watch(self, request, topic_id):
        return views().topic_watch(request, self, topic_id)

    @path("posts/<int:post_id>/", name="post")
    def post_link(self, request, post_id):
        return views().post_link(request, self, post_id)

    @path("posts/<int:post_id>/edit/", name="post_edit")
    def post_edit(self, request, post_id):
        return views().post_edit(request, self, post_id)

    @path("posts/<int:post_id>/delete/", name="post_delete")
    def post_delete(self, request, post_id):
        return views().post_delete(request, self, post_id)

    @path("posts/<int:post_id>/history/", name="post_history")
    def post_history(self, request, post_id):
        return views().post_history(request, self, post_id)

    @path("posts/<int:post_id>/report/", name="post_report")
    def post_report(self, request, post_id):
        return views().post_report(request, self, post_id)

    def blocked_word_list(self):
        return [line.strip() for line in self.blocked_words.splitlines() if line.strip()]


def views():
    # Imported late: the views import these models.
    from forums import views as forum_views

    return forum_views


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

    def __str__(self):
        return f"Post {self.pk} in {self.topic_id}"

    def save(self, *args, **kwargs):
        from forums.markup import render_markdown

        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.body_html = render_markdown(self.body)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    @property
    def url(self):
        """Permalink: redirects to the page of the topic that shows this post."""
        return f"{self.board.url}{self.board.reverse_subpage('post', args=[self.pk])}"

    @property
    def author_name(self):
        if self.author_id is None:
            return "Deleted member"
        member = getattr(self.author, "member", None)
        return member.display_name if member else "Member"


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
    READ_PM = "read_pm", "Read a reported conversation"


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a moderation log row."""


class ModerationActionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The moderation log is append-only.")

    def delete(self):
        raise AppendOnlyError("The moderation log is append-only.")

    _raw_delete = delete


class ModerationAction(models.Model):
    """One row per moderation action: who did what to which object, when and why.

    Append-only: the model refuses updates and deletes, and a PostgreSQL trigger (migration
    0002) refuses them at the database too. References are kept without database constraints
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
    action = models.CharField(max_length=10, choices=ActionKind.choices, db_index=True)
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
    target_type = models.CharField(max_length=10, help_text="post, topic, member or report")
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
        if not self._state.adding:
            raise AppendOnlyError("The moderation log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The moderation log is append-only.")


from forums.member_models import *  # noqa: E402, F403  (issue 16's models, registered in this app)
