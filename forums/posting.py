"""Starting topics, replying, editing and deleting: the domain rules, free of requests."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from forums import notifications_center, watched_outcomes
from forums.models import BoardWatch, Post, PostRevision, Status, Topic, TopicRead, TopicWatch
from forums.screening import hold_reason
from forums.tasks import send_new_post_emails

MAX_TITLE_LENGTH = 150
MAX_MESSAGE_LENGTH = 10_000
DUPLICATE_WINDOW = dt.timedelta(hours=1)


def normalised(text):
    return " ".join((text or "").split()).casefold()


def is_duplicate(user, body, topic=None, board=None, exclude_pk=None):
    """True when the member posted the same words in the last hour (double submit or spam)."""
    since = timezone.now() - DUPLICATE_WINDOW
    recent = Post.objects.filter(author=user, created_at__gte=since).exclude(status=Status.DELETED)
    if exclude_pk:
        recent = recent.exclude(pk=exclude_pk)
    target = normalised(body)
    return any(normalised(text) == target for text in recent.values_list("body", flat=True)[:50])


class AlreadySubmitted(Exception):
    """The form was already sent once (double click, retry after an error page): `post` is what
    that first send saved."""

    def __init__(self, post):
        super().__init__(f"Already saved as post {post.pk}")
        self.post = post


def submitted_post(user, submission_token):
    """The post saved from this form rendering (`submission_token`), or None."""
    if submission_token is None:
        return None
    return Post.objects.select_related("topic").filter(author=user, submission_token=submission_token).first()


def _once_per_submission(save, user, submission_token):
    """Run `save` in its own transaction; when a simultaneous send of the same form got there
    first (the unique constraint on author + token refuses ours), raise AlreadySubmitted."""
    try:
        with transaction.atomic():
            return save()
    except IntegrityError:
        existing = submitted_post(user, submission_token)
        if existing is None:
            raise
        raise AlreadySubmitted(existing) from None


@transaction.atomic
def refresh_topic(topic):
    """Recompute the topic's reply count, last post and status from its posts.

    The topic row is locked first, so two replies committing at the same moment recount one
    after the other and the second sees the first (FOR NO KEY UPDATE: it does not block the
    inserts of posts referencing the topic, which would deadlock with a plain FOR UPDATE)."""
    Topic.objects.select_for_update(no_key=True).filter(pk=topic.pk).values_list("pk").first()
    posts = Post.objects.filter(topic=topic)
    stats = posts.aggregate(
        visible=Count("pk", filter=Q(status=Status.VISIBLE)),
        first_visible=Count("pk", filter=Q(status=Status.VISIBLE, is_first=True)),
    )
    last = posts.filter(status=Status.VISIBLE).order_by("-created_at", "-pk").first()
    topic.reply_count = max(stats["visible"] - stats["first_visible"], 0)
    topic.last_post = last
    topic.last_post_at = last.created_at if last else topic.created_at
    topic.save(update_fields=["reply_count", "last_post", "last_post_at"])
    return topic


def start_topic(board, member, title, body, submission_token=None):
    """Create the topic and its first post. Raises AlreadySubmitted for a repeated form."""
    return _once_per_submission(
        lambda: _start_topic(board, member, title, body, submission_token), member.user, submission_token
    )


def _start_topic(board, member, title, body, submission_token):
    now = timezone.now()
    held = hold_reason(board, member, f"{title}\n{body}", now)
    status = Status.HELD if held else Status.VISIBLE
    topic = Topic.objects.create(
        board=board, title=title.strip(), author=member.user, created_at=now, last_post_at=now, status=status
    )
    post = Post.objects.create(
        topic=topic,
        board=board,
        author=member.user,
        body=body,
        status=status,
        is_first=True,
        created_at=now,
        held_reason=held,
        submission_token=submission_token,
    )
    refresh_topic(topic)
    TopicWatch.objects.get_or_create(user=member.user, topic=topic)
    if status == Status.VISIBLE:
        post_became_visible(post)
    watched_outcomes.after_post(post, f"{title}\n{body}")
    return topic, post


def reply_to(topic, member, body, submission_token=None):
    """Add a reply. Raises AlreadySubmitted for a repeated form."""
    return _once_per_submission(
        lambda: _reply_to(topic, member, body, submission_token), member.user, submission_token
    )


def _reply_to(topic, member, body, submission_token):
    held = hold_reason(topic.board, member, body)
    status = Status.HELD if held else Status.VISIBLE
    post = Post.objects.create(
        topic=topic,
        board_id=topic.board_id,
        author=member.user,
        body=body,
        status=status,
        held_reason=held,
        submission_token=submission_token,
    )
    refresh_topic(topic)
    TopicWatch.objects.get_or_create(user=member.user, topic=topic)
    if status == Status.VISIBLE:
        post_became_visible(post)
    watched_outcomes.after_post(post, body)
    return post


def post_became_visible(post):
    """Call whenever a post becomes visible (on posting, or when a moderator approves it)."""
    send_new_post_emails.enqueue(post.pk)
    notifications_center.on_post_visible(post)  # replies to you and mentions, on site


@transaction.atomic
def edit_post(post, user, body, title=None, reason=""):
    """Change a post's text, keeping the previous text as a revision."""
    PostRevision.objects.create(post=post, body=post.body, edited_by=user, reason=reason)
    if user is not None and user.pk == post.author_id:
        watched_outcomes.after_edit(post, post.body, body)
    post.body = body
    post.edited_at = timezone.now()
    post.save()
    if title is not None and post.is_first and title.strip() != post.topic.title:
        post.topic.title = title.strip()
        post.topic.save(update_fields=["title"])
    return post


EDIT_APPLIED = "applied"
EDIT_PENDING = "pending"


@transaction.atomic
def author_edit(post, member, body, title=None, now=None):
    """An author edits their post; the caller checked forums.policy.edit_refusal.

    The edit passes the gates of a new post (pre-moderation, blocked words, link limit): one a
    new post would have held waits in the moderation queue as a pending edit while the last
    approved text stays visible (EDIT_PENDING); a post still awaiting review simply takes the
    new text; anything else is applied at once (EDIT_APPLIED)."""
    now = now or timezone.now()
    new_title = title.strip() if (title is not None and post.is_first) else ""
    held = hold_reason(post.board, member, f"{new_title}\n{body}" if new_title else body, now)
    if held and post.status == Status.VISIBLE:
        post.pending_body = body
        post.pending_title = new_title
        post.pending_at = now
        post.pending_reason = held[:200]
        post.save(update_fields=["pending_body", "pending_title", "pending_at", "pending_reason"])
        return EDIT_PENDING
    if held:
        post.held_reason = held[:200]
        post.save(update_fields=["held_reason"])
    clear_pending_edit(post)
    edit_post(post, member.user, body, title=title)
    return EDIT_APPLIED


def clear_pending_edit(post):
    if post.pending_at is None:
        return
    post.pending_body = post.pending_title = post.pending_reason = ""
    post.pending_at = None
    post.save(update_fields=["pending_body", "pending_title", "pending_at", "pending_reason"])


@transaction.atomic
def delete_post(post):
    """An author deletes their post: the text goes, a placeholder keeps the thread readable.

    Deleting the first post of a topic that has no other visible posts deletes the topic."""
    post.status = Status.DELETED
    post.save(update_fields=["status"])
    topic = post.topic
    others = Post.objects.filter(topic=topic, status=Status.VISIBLE).exclude(pk=post.pk).exists()
    if post.is_first and not others:
        topic.status = Status.DELETED
        topic.save(update_fields=["status"])
    refresh_topic(topic)
    return topic


def mark_read(user, topic, when=None):
    # One upsert query, whatever the state: this runs on every topic view by a member.
    TopicRead.objects.bulk_create(
        [TopicRead(user=user, topic=topic, read_at=when or timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "topic"],
        update_fields=["read_at"],
    )


def toggle_topic_watch(user, topic, watch):
    if watch:
        TopicWatch.objects.get_or_create(user=user, topic=topic)
    else:
        TopicWatch.objects.filter(user=user, topic=topic).delete()


def toggle_board_watch(user, board, watch):
    if watch:
        BoardWatch.objects.get_or_create(user=user, board=board)
    else:
        BoardWatch.objects.filter(user=user, board=board).delete()
