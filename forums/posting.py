"""Starting topics, replying, editing and deleting: the domain rules, free of requests."""

import datetime as dt

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from forums import notifications_center
from forums.models import BoardWatch, Post, PostRevision, Status, Topic, TopicRead, TopicWatch
from forums.moderation import hold_reason

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


def refresh_topic(topic):
    """Recompute the topic's reply count, last post and status from its posts."""
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


@transaction.atomic
def start_topic(board, member, title, body):
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
    )
    refresh_topic(topic)
    TopicWatch.objects.get_or_create(user=member.user, topic=topic)
    if status == Status.VISIBLE:
        post_became_visible(post)
    return topic, post


@transaction.atomic
def reply_to(topic, member, body):
    held = hold_reason(topic.board, member, body)
    status = Status.HELD if held else Status.VISIBLE
    post = Post.objects.create(
        topic=topic, board_id=topic.board_id, author=member.user, body=body, status=status, held_reason=held
    )
    refresh_topic(topic)
    TopicWatch.objects.get_or_create(user=member.user, topic=topic)
    if status == Status.VISIBLE:
        post_became_visible(post)
    return post


def post_became_visible(post):
    """Call whenever a post becomes visible (on posting, or when a moderator approves it)."""
    from forums.notifications import queue_new_post_emails

    queue_new_post_emails(post)
    notifications_center.on_post_visible(post)  # issue 16: replies to you and mentions, on site


@transaction.atomic
def edit_post(post, user, body, title=None, reason=""):
    """Change a post's text, keeping the previous text as a revision."""
    PostRevision.objects.create(post=post, body=post.body, edited_by=user, reason=reason)
    post.body = body
    post.edited_at = timezone.now()
    post.save()
    if title is not None and post.is_first and title.strip() != post.topic.title:
        post.topic.title = title.strip()
        post.topic.save(update_fields=["title"])
    return post


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
