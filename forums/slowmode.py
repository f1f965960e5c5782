"""Topic tools: slow mode (topic or board), timed close, moderators' topic notes, and split.

Plain functions, each checking the moderator's powers through forums.modtools_policy and
writing its audit row with forums.moderation.log_action in the same transaction.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Now
from django.utils import timezone

from forums import moderation, posting
from forums.models import ActionKind, ModerationAction, Post, Status, Topic, TopicWatch
from forums.modtools_models import CrisisCase, SlowMode, TopicNote, TopicSchedule

eastern = moderation.eastern_time


def with_tool_state(topics, user=None):
    """Topics annotated with their timed close, slow mode in force and (for `user`) whether one of
    their posts by the user has an open crisis case: the topic page needs no extra query."""
    modes = SlowMode.objects.filter(
        Q(topic=OuterRef("pk")) | Q(board=OuterRef("board_id")), ends_at__gt=Now()
    ).order_by(F("topic_id").asc(nulls_last=True), "-minutes")
    crisis = Value(False)
    if user is not None and user.is_authenticated:
        crisis = Exists(
            CrisisCase.objects.filter(
                post__topic=OuterRef("pk"), post__author=user.pk, closed_at__isnull=True
            )
        )
    return topics.annotate(
        tool_close_at=Subquery(TopicSchedule.objects.filter(topic=OuterRef("pk")).values("close_at")[:1]),
        tool_slow_minutes=Subquery(modes.values("minutes")[:1]),
        tool_slow_ends_at=Subquery(modes.values("ends_at")[:1]),
        tool_slow_reason=Subquery(modes.values("reason")[:1]),
        tool_slow_topic=Subquery(modes.values("topic_id")[:1]),
        tool_author_crisis=crisis,
    )


def active_slow_mode(board, topic=None, now=None):
    """The slow mode in force for a post on this topic (topic's own first, then board's), or None."""
    now = now or timezone.now()
    if topic is not None and hasattr(topic, "tool_slow_minutes"):  # from with_tool_state()
        if topic.tool_slow_minutes is None or topic.tool_slow_ends_at <= now:
            return None
        return SlowMode(
            topic_id=topic.tool_slow_topic,
            board_id=None if topic.tool_slow_topic else board.pk,
            minutes=topic.tool_slow_minutes,
            ends_at=topic.tool_slow_ends_at,
            reason=topic.tool_slow_reason,
        )
    condition = Q(board_id=board.pk)
    if topic is not None:
        condition |= Q(topic_id=topic.pk)
    modes = list(SlowMode.objects.filter(condition, ends_at__gt=now))
    modes.sort(key=lambda m: (m.topic_id is None, -m.minutes))
    return modes[0] if modes else None


def refusal(user, board, topic=None, now=None):
    """Why a member may not post here right now because of slow mode or a timed close, or ""."""
    now = now or timezone.now()
    if topic is not None:
        if hasattr(topic, "tool_close_at"):  # from with_tool_state()
            close_at = topic.tool_close_at if topic.tool_close_at and topic.tool_close_at <= now else None
        else:
            close_at = (
                TopicSchedule.objects.filter(topic_id=topic.pk, close_at__lte=now)
                .values_list("close_at", flat=True)
                .first()
            )
        if close_at is not None:
            return "This topic closed on " + eastern(close_at) + ": it takes no new replies."
    mode = active_slow_mode(board, topic, now)
    if mode is None or not (user and user.is_authenticated):
        return ""
    scope = Q(topic_id=mode.topic_id) if mode.topic_id else Q(board_id=mode.board_id)
    last = (
        Post.objects.filter(scope, author=user)
        .exclude(status=Status.DELETED)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is None:
        return ""
    next_at = last + dt.timedelta(minutes=mode.minutes)
    if next_at <= now:
        return ""
    where = "topic" if mode.topic_id else "board"
    return (
        f"Slow mode is on in this {where}: one post per member every {mode.minutes} minutes "
        f"(reason: {mode.reason}). You can post again after {eastern(next_at)}."
    )


def notice(board, topic=None, now=None):
    """The slow-mode notice shown to members on a board or topic page, or ""."""
    mode = active_slow_mode(board, topic, now)
    if mode is None:
        return ""
    where = "topic" if mode.topic_id else "board"
    return (
        f"Slow mode: one post per member every {mode.minutes} minutes in this {where}, "
        f"until {eastern(mode.ends_at)}. Reason: {mode.reason}"
    )


@transaction.atomic
def set_slow_mode(moderator, minutes, reason, ends_at, topic=None, board=None, now=None):
    now = now or timezone.now()
    target_board = topic.board if topic is not None else board
    moderation.require_moderator(moderator, target_board)
    if not (reason or "").strip():
        raise moderation.ActionRefused("Give a reason: members see it.")
    if ends_at <= now:
        raise moderation.ActionRefused("Slow mode must end in the future.")
    if not 1 <= minutes <= 1440:
        raise moderation.ActionRefused("Choose between 1 and 1,440 minutes.")
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
        return moderation.log_action(moderator, action, topic, topic.board, reason, after=after)
    return ModerationAction.objects.create(
        moderator=moderator,
        moderator_name=moderation._display(moderator),
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
    moderation.require_moderator(moderator, target_board)
    lookup = {"topic": topic} if topic is not None else {"board": board}
    deleted, _ = SlowMode.objects.filter(**lookup).delete()
    if not deleted:
        raise moderation.ActionRefused("Slow mode is not on here.")
    _log(moderator, ActionKind.SLOW_MODE_OFF, topic, board, reason, {})


@transaction.atomic
def schedule_close(moderator, topic, close_at, reason="", now=None):
    now = now or timezone.now()
    moderation.require_moderator(moderator, topic.board)
    if close_at <= now:
        raise moderation.ActionRefused("Choose a time in the future.")
    TopicSchedule.objects.update_or_create(
        topic=topic, defaults={"close_at": close_at, "reason": reason, "set_by": moderator}
    )
    moderation.log_action(
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
                moderation.log_action(
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
    moderation.require_moderator(moderator, topic.board)
    if not (text or "").strip():
        raise moderation.ActionRefused("Write the note.")
    note = TopicNote.objects.create(topic=topic, author=moderator, text=text)
    moderation.log_action(moderator, ActionKind.TOPIC_NOTE, topic, topic.board, text)
    return note


@transaction.atomic
def split(moderator, topic, post_ids, title, reason=""):
    """Selected replies become a new topic on the same board (kept in time order); both topics'
    counts are refreshed and the new topic's authors watch it."""
    topic = Topic.objects.select_for_update().select_related("board").get(pk=topic.pk)
    moderation.require_moderator(moderator, topic.board)
    title = (title or "").strip()
    if not title:
        raise moderation.ActionRefused("Give the new topic a title.")
    posts = list(
        Post.objects.select_for_update()
        .filter(topic=topic, pk__in=post_ids, is_first=False)
        .exclude(status=Status.DELETED)
        .order_by("created_at", "pk")
    )
    if not posts or len(posts) != len(set(post_ids)):
        raise moderation.ActionRefused("Select replies of this topic (not its first message).")
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
    moderation.log_action(
        moderator,
        ActionKind.SPLIT,
        topic,
        topic.board,
        reason,
        before={"topic": topic.pk, "posts": [p.pk for p in posts]},
        after={"topic": new_topic.pk, "title": new_topic.title},
    )
    return new_topic
