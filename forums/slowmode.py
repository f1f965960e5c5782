"""Slow mode and timed close as they stand: what is in force on a board or topic, and why a
member may not post there now. Read by forums.policy; changed by forums.topic_tools.
"""

import datetime as dt

from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import eastern_time as eastern
from forums.models import Post, Status
from forums.modtools_models import CrisisCase, SlowMode, TopicSchedule


def with_tool_state(topics, user=None):
    """Topics annotated with their timed close, slow mode in force and (for `user`) whether one of
    their posts by the user has an open crisis case: the topic page needs no extra query."""
    return with_tool_state_for(topics, user.pk if user is not None and user.is_authenticated else None)


def with_tool_state_for(topics, user_id=None):
    """with_tool_state() for a reader given by id (None: anonymous), for compiled queries."""
    modes = SlowMode.objects.filter(
        Q(topic=OuterRef("pk")) | Q(board=OuterRef("board_id")), ends_at__gt=Now()
    ).order_by(F("topic_id").asc(nulls_last=True), "-minutes")
    crisis = Value(False)
    if user_id is not None:
        crisis = Exists(
            CrisisCase.objects.filter(
                post__topic=OuterRef("pk"), post__author=user_id, closed_at__isnull=True
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
            return _("This topic closed on %(when)s: it takes no new replies.") % {"when": eastern(close_at)}
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
    values = {"minutes": mode.minutes, "reason": mode.reason, "when": eastern(next_at)}
    if mode.topic_id:
        return (
            _(
                "Slow mode is on in this topic: one post per member every %(minutes)s minutes "
                "(reason: %(reason)s). You can post again after %(when)s."
            )
            % values
        )
    return (
        _(
            "Slow mode is on in this board: one post per member every %(minutes)s minutes "
            "(reason: %(reason)s). You can post again after %(when)s."
        )
        % values
    )


def board_mode_annotations(board_id):
    """Annotations giving any query the board's own slow mode in force (a board has at most one):
    the board page reads it with its listing (`board_mode_from`) instead of a query of its own."""
    modes = SlowMode.objects.filter(board=board_id, ends_at__gt=Now())
    return {
        "board_slow_minutes": Subquery(modes.values("minutes")[:1]),
        "board_slow_ends_at": Subquery(modes.values("ends_at")[:1]),
        "board_slow_reason": Subquery(modes.values("reason")[:1]),
    }


def board_mode_from(row, board):
    """The board's slow mode from a row annotated with board_mode_annotations(), or None."""
    if row.board_slow_minutes is None:
        return None
    return SlowMode(
        board_id=board.pk,
        minutes=row.board_slow_minutes,
        ends_at=row.board_slow_ends_at,
        reason=row.board_slow_reason,
    )


def notice(board, topic=None, now=None):
    """The slow-mode notice shown to members on a board or topic page, or ""."""
    return notice_of(active_slow_mode(board, topic, now))


def notice_of(mode):
    """The notice for a slow mode (from active_slow_mode or board_mode_from), or ""."""
    if mode is None:
        return ""
    values = {"minutes": mode.minutes, "until": eastern(mode.ends_at), "reason": mode.reason}
    if mode.topic_id:
        return (
            _(
                "Slow mode: one post per member every %(minutes)s minutes in this topic, until %(until)s. Reason: %(reason)s"
            )
            % values
        )
    return (
        _(
            "Slow mode: one post per member every %(minutes)s minutes in this board, until %(until)s. Reason: %(reason)s"
        )
        % values
    )
