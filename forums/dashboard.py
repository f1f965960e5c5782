"""The moderator dashboard: queue age, reports by reason and actions by moderator, per board,
over the last 7 or 30 days. Four queries whatever the volume."""

import datetime as dt
from collections import defaultdict
from statistics import median

from django.db.models import Count
from django.utils import timezone

from forums import review_queue
from forums.models import BoardPage, ModerationAction, Report

CSV_HEADER = ["section", "board", "name", "value"]


def _minutes(delta):
    return round(delta.total_seconds() / 60, 1)


def stats(board_ids, days, now=None):
    now = now or timezone.now()
    since = now - dt.timedelta(days=days)
    boards = {b.pk: b.title for b in BoardPage.objects.filter(pk__in=board_ids).only("pk", "title")}
    waiting = list(review_queue.queue_posts(board_ids).values_list("board_id", "queued_at"))
    per_board = defaultdict(lambda: {"queue": [], "reports": {}, "actions": {}})
    for board_id, queued_at in waiting:
        if queued_at is not None:
            per_board[board_id]["queue"].append(_minutes(now - queued_at))
    for row in (
        Report.objects.filter(post__board_id__in=board_ids, created_at__gte=since)
        .values("post__board_id", "reason")
        .annotate(total=Count("pk"))
    ):
        per_board[row["post__board_id"]]["reports"][row["reason"]] = row["total"]
    for row in (
        ModerationAction.objects.filter(board_id__in=board_ids, created_at__gte=since)
        .values("board_id", "moderator_name")
        .annotate(total=Count("pk"))
        .order_by("board_id", "-total", "moderator_name")
    ):
        per_board[row["board_id"]]["actions"][row["moderator_name"]] = row["total"]
    rows = []
    all_waits = []
    for board_id, title in sorted(boards.items(), key=lambda item: item[1]):
        data = per_board.get(board_id, {"queue": [], "reports": {}, "actions": {}})
        waits = data["queue"]
        all_waits.extend(waits)
        rows.append(
            {
                "board": title,
                "queue_items": len(waits),
                "oldest_minutes": max(waits) if waits else None,
                "median_minutes": median(waits) if waits else None,
                "reports": sorted(data["reports"].items()),
                "actions": list(data["actions"].items()),
            }
        )
    return {
        "days": days,
        "boards": rows,
        "queue_items": len(all_waits),
        "oldest_minutes": max(all_waits) if all_waits else None,
        "median_minutes": median(all_waits) if all_waits else None,
    }


def csv_rows(data):
    """Rows for the CSV export: section, board, name, value."""
    yield CSV_HEADER
    yield ["queue", "All my boards", "items", data["queue_items"]]
    yield ["queue", "All my boards", "oldest_minutes", data["oldest_minutes"] or 0]
    yield ["queue", "All my boards", "median_minutes", data["median_minutes"] or 0]
    for board in data["boards"]:
        yield ["queue", board["board"], "items", board["queue_items"]]
        yield ["queue", board["board"], "oldest_minutes", board["oldest_minutes"] or 0]
        yield ["queue", board["board"], "median_minutes", board["median_minutes"] or 0]
        for reason, total in board["reports"]:
            yield ["reports_by_reason", board["board"], reason, total]
        for moderator, total in board["actions"]:
            yield ["actions_by_moderator", board["board"], moderator, total]
