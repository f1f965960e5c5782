"""Topic tools for moderators: slow mode (topic or board), timed close, topic notes and split.

Plain functions, each checking the moderator's powers through forums.policy and writing its
audit row through forums.audit in the same transaction.
"""

from django.db import transaction
from django.utils import timezone

from forums import posting
from forums.audit import ActionRefused, actor_name, log_action
from forums.models import ActionKind, ModerationAction, Post, Status, Topic, TopicWatch
from forums.modtools_models import SlowMode, TopicNote, TopicSchedule
from forums.policy import require_moderator


@transaction.atomic
def set_slow_mode(moderator, minutes, reason, ends_at, topic=None, board=None, now=None):
    now = now or timezone.now()
    target_board = topic.board if topic is not None else board
    require_moderator(moderator, target_board)
    if not (reason or "").strip():
        raise ActionRefused("Give a reason: members see it.")
    if ends_at <= now:
        raise ActionRefused("Slow mode must end in the future.")
    if not 1 <= minutes <= 1440:
        raise ActionRefused("Choose between 1 and 1,440 minutes.")
    lookup = {"topic": topic} if topic is not None else {"board": board}
    mode, _ = SlowMode.objects.update_or_create(
        **lookup, defaults={"minutes": minutes, "reason": reason, "ends_at": ends_at, "set_by": moderator}
    )
    after = {"minutes": minutes, "ends_at": ends_at.isoformat(), "scope": "topic" if topic else "board"}
    _log(moderator, ActionKind.SLOW_MODE, topic, board, reason, after)
    return mode


def _log(moderator, action, topic, board, reason, after):
    """Topic-level actions target the topic; board-wide slow mode targets the board's page row."""
    if topic is not None:
        return log_action(moderator, action, topic, topic.board, reason, after=after)
    return ModerationAction.objects.create(
        moderator=moderator,
        moderator_name=actor_name(moderator),
        action=action,
        board=board,
        target_type="board",
        target_id=board.pk,
        target_label=board.title[:200],
        reason=reason or "",
        after=after or {},
    )


@transaction.atomic
def end_slow_mode(moderator, topic=None, board=None, reason=""):
    target_board = topic.board if topic is not None else board
    require_moderator(moderator, target_board)
    lookup = {"topic": topic} if topic is not None else {"board": board}
    deleted, _ = SlowMode.objects.filter(**lookup).delete()
    if not deleted:
        raise ActionRefused("Slow mode is not on here.")
    _log(moderator, ActionKind.SLOW_MODE_OFF, topic, board, reason, {})


@transaction.atomic
def schedule_close(moderator, topic, close_at, reason="", now=None):
    now = now or timezone.now()
    require_moderator(moderator, topic.board)
    if close_at <= now:
        raise ActionRefused("Choose a time in the future.")
    TopicSchedule.objects.update_or_create(
        topic=topic, defaults={"close_at": close_at, "reason": reason, "set_by": moderator}
    )
    log_action(
        moderator, ActionKind.CLOSE_AT, topic, topic.board, reason, after={"close_at": close_at.isoformat()}
    )


def close_due(now=None):
    """Lock the topics whose timed close has come (posting already refuses them). Returns them."""
    now = now or timezone.now()
    closed = []
    with transaction.atomic():
        for schedule in (
            TopicSchedule.objects.select_for_update(skip_locked=True)
            .filter(close_at__lte=now)
            .select_related("topic__board")
        ):
            topic = schedule.topic
            if not topic.is_locked:
                topic.is_locked = True
                topic.save(update_fields=["is_locked"])
                log_action(
                    None,
                    ActionKind.LOCK,
                    topic,
                    topic.board,
                    schedule.reason or "Timed close.",
                    before={"is_locked": False},
                    after={"is_locked": True},
                )
                closed.append(topic)
            schedule.delete()
    return closed


@transaction.atomic
def add_topic_note(moderator, topic, text):
    require_moderator(moderator, topic.board)
    if not (text or "").strip():
        raise ActionRefused("Write the note.")
    note = TopicNote.objects.create(topic=topic, author=moderator, text=text)
    log_action(moderator, ActionKind.TOPIC_NOTE, topic, topic.board, text)
    return note


@transaction.atomic
def split(moderator, topic, post_ids, title, reason=""):
    """Selected replies become a new topic on the same board (kept in time order); both topics'
    counts are refreshed and the new topic's authors watch it."""
    topic = Topic.objects.select_for_update().select_related("board").get(pk=topic.pk)
    require_moderator(moderator, topic.board)
    title = (title or "").strip()
    if not title:
        raise ActionRefused("Give the new topic a title.")
    posts = list(
        Post.objects.select_for_update()
        .filter(topic=topic, pk__in=post_ids, is_first=False)
        .exclude(status=Status.DELETED)
        .order_by("created_at", "pk")
    )
    if not posts or len(posts) != len(set(post_ids)):
        raise ActionRefused("Select replies of this topic (not its first message).")
    first = posts[0]
    new_topic = Topic.objects.create(
        board=topic.board,
        title=title[:150],
        author=first.author,
        created_at=first.created_at,
        last_post_at=first.created_at,
        status=Status.VISIBLE if first.status == Status.VISIBLE else first.status,
    )
    Post.objects.filter(pk__in=[p.pk for p in posts]).update(topic=new_topic)
    Post.objects.filter(pk=first.pk).update(is_first=True)
    TopicWatch.objects.bulk_create(
        [TopicWatch(user_id=p.author_id, topic=new_topic) for p in posts if p.author_id],
        ignore_conflicts=True,
    )
    posting.refresh_topic(topic)
    posting.refresh_topic(new_topic)
    log_action(
        moderator,
        ActionKind.SPLIT,
        topic,
        topic.board,
        reason,
        before={"topic": topic.pk, "posts": [p.pk for p in posts]},
        after={"topic": new_topic.pk, "title": new_topic.title},
    )
    return new_topic
