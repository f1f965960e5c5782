"""Topics and posts: high-volume user content as plain Django models with denormalised
counters (`Topic.reply_count`, `Topic.last_post`), the text of each post before an edit, and
who watches or has read what."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from core.models.loading import DirectLoad
from forums.choices import Status
from forums.markup import render_markdown
from forums.models.boards import BoardPage
from forums.models.members import author_display_name
from forums.watched_words import apply_to_board_id


class Topic(DirectLoad, models.Model):
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
        # A thread on a board; not the health-content taxonomy (pages.HealthTopic).
        verbose_name = "board topic"
        indexes = [
            # The board page's order to the last key: its page keys come from this index alone
            # (forums.listing).
            models.Index(
                fields=["board", "status", "-is_pinned", "-last_post_at", "-id"], name="forums_topic_listing"
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


class Post(DirectLoad, index.Indexed, models.Model):
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
            # A topic page's keys in reading order, with what the reader filter needs
            # (forums.listing).
            models.Index(
                fields=["topic", "created_at", "id"], include=["status", "author"], name="forums_post_page"
            ),
            models.Index(fields=["author", "created_at"], name="forums_post_author"),
            # An author's post counts by status, on some boards (the moderation queue's author
            # history, forums.queue_history.author_history): counted from the index alone.
            models.Index(fields=["author", "status"], include=["board"], name="forums_post_author_status"),
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


class PostEdit(models.Model):
    """One row per author's edit form sent and saved (its `submission_token`, fresh in every
    rendering of the form): a second send of the same form (double click, retry after an error
    page) meets the unique constraint and edits nothing again (forums.posting.author_edit)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    submission_token = models.UUIDField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "submission_token"], name="forums_post_edit_once"),
        ]

    def __str__(self):
        return f"Edit of post {self.post_id} ({self.submission_token})"


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
