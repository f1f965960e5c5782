"""What a moderator sees about each post of a queue page besides the post itself: its author's
history (posts and visible posts, moderation actions and the last few of them, on the boards the
moderator looks after) and, for a held edit, the line diff between the visible text and the edit.
Two compiled queries a page whatever its number of authors (forums.review_queue has the queue)."""

import difflib
from collections import defaultdict

from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber

from core.compiled_queries import CompiledQuery, CompiledRows
from forums.models import AuthorPostCounts, ModerationAction, Post, Status
from forums.review_queue import boards_argument, on_boards

HISTORY_ACTIONS = 3  # previous moderation actions shown per author


def _author_counts(authors, boards=None):
    """(author_id, posts, visible) rows of these authors on these boards (None: every board):
    from the counts PostgreSQL keeps (models/author_counts.py), or counted from the posts
    where it keeps none (`live_author_counts`)."""
    if not AuthorPostCounts.kept():
        return live_author_counts(authors, boards)
    rows = on_boards(AuthorPostCounts.objects.filter(author_id__any=authors), boards)
    return (
        rows.values("author_id")
        .annotate(total=Sum("posts"), shown=Sum("visible"))
        .values_list("author_id", "total", "shown")
    )


def live_author_counts(authors, boards=None):
    """The same rows counted from the posts themselves: on databases that keep no counts (the
    SQLite of `make run`), and to check the kept ones."""
    posts = on_boards(Post.objects.filter(author_id__any=authors), boards)
    # Counted on `status`, not `pk`: PostgreSQL answers from the (author, status) index alone,
    # without reading each of an author's posts (forums_post_author_status).
    return (
        posts.exclude(status=Status.DELETED)
        .values("author_id")
        .annotate(total=Count("status"), shown=Count("status", filter=Q(status=Status.VISIBLE)))
        .values_list("author_id", "total", "shown")
    )


def _recent_actions(authors, boards=None):
    actions = on_boards(ModerationAction.objects.filter(member_id__any=authors), boards)
    return (
        actions.annotate(
            rank=Window(
                RowNumber(), partition_by=[F("member_id")], order_by=[F("created_at").desc(), F("pk").desc()]
            ),
            total=Window(Count("pk"), partition_by=[F("member_id")]),
        )
        .filter(rank__lte=HISTORY_ACTIONS)
        .order_by("member_id", "rank")
    )


AUTHOR_COUNTS_QUERY = CompiledRows(lambda shape, **ids: _author_counts(**ids))
RECENT_ACTIONS_QUERY = CompiledQuery(lambda shape, **ids: _recent_actions(**ids))


def author_history(user_ids, board_ids=None):
    """{user_id: {"posts", "visible", "actions", "recent_actions"}} in two compiled queries
    (the posts from the counts PostgreSQL keeps: `_author_counts`).

    `board_ids`: only posts and moderation actions on these boards (a board moderator sees an
    author's history on the boards they moderate; lead moderators pass None and see all)."""
    user_ids = sorted({pk for pk in user_ids if pk is not None})
    history = {pk: {"posts": 0, "visible": 0, "actions": 0, "recent_actions": []} for pk in user_ids}
    if not user_ids:
        return history
    ids = {"authors": tuple(user_ids), **boards_argument(board_ids)}
    for author_id, total, visible in AUTHOR_COUNTS_QUERY(None, **ids):
        history[author_id].update(posts=total, visible=visible)
    grouped = defaultdict(list)
    for action in RECENT_ACTIONS_QUERY(None, **ids):
        grouped[action.member_id].append(action)
        history[action.member_id]["actions"] = action.total
    for pk, rows in grouped.items():
        history[pk]["recent_actions"] = rows
    return history


def decorate(rows, board_ids=None):
    """Attach `history` (the author's, on `board_ids` when given) and, for a held edit, the
    line diff between the visible text and the edit to each post of a queue page."""
    history = author_history([post.author_id for post in rows], board_ids)
    empty = {"posts": 0, "visible": 0, "actions": 0, "recent_actions": []}
    for post in rows:
        post.history = history.get(post.author_id, empty)
        post.pending_diff = edit_diff(post.body, post.pending_body) if post.pending_at else []
    return rows


def edit_diff(before, after):
    """[(kind, line)] with kind "removed", "added" or "same": a line diff (difflib) of two texts.
    Plain strings: templates escape them like any member text."""
    rows = []
    for line in difflib.ndiff((before or "").splitlines(), (after or "").splitlines()):
        code, text = line[:2], line[2:]
        if code == "- ":
            rows.append(("removed", text))
        elif code == "+ ":
            rows.append(("added", text))
        elif code == "  ":
            rows.append(("same", text))
    return rows
