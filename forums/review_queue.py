"""The moderation queue: held posts, held edits and posts with open reports on the boards a
moderator looks after, crisis reports first, then oldest first. Plain queries, no requests.

`queue_keys()` is the ordered queue as (pk, has_crisis) rows (paginate `QueueKeys`; `queue_page()`
reads a page of them with the header's counts); `page_posts()` loads one page's posts with their
context, and forums.queue_history adds everything else a page shows (authors' history, edit
diffs), in a fixed number of queries whatever the size of the queue.

Issue 15: the queue page's queries are each built and compiled once per shape (whether the
moderator's boards are listed, the page's offset) and run with the request's ids
(core.compiled_queries): building and compiling them cost more than PostgreSQL took to run
them. Lists of ids (the moderator's boards, a page's posts, their authors) are one array
parameter each (the `any` lookup). Every call runs its query: nothing is kept but SQL text.
"""

from collections import defaultdict

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Expression,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce

from core.compiled_queries import CompiledQuery, CompiledRows, Literal
from forums.models import (
    BoardPage,
    CrisisCase,
    Post,
    Report,
    ReportReason,
    ReportStatus,
    Status,
)

# The statuses and reason the queue's statements filter on, written into their SQL text so that
# PostgreSQL plans each statement once (core.compiled_queries.Literal): as parameters, the page
# with its counts was planned again at every request (0.3 ms).
HELD = Literal(Status.HELD)
OPEN = Literal(ReportStatus.OPEN)
CRISIS = Literal(ReportReason.CRISIS)


class InSubquery(Expression):
    """`column IN (subquery)` written so PostgreSQL can check it with an index inside an OR:
    `column = ANY(ARRAY(subquery))` runs the subquery once (an InitPlan) and looks its values up
    in the column's index, so an OR of indexed conditions becomes one bitmap scan of the few
    matching rows. A plain `IN (subquery)` inside an OR is a hashed subplan PostgreSQL checks on
    every row it reads. Other databases get the plain `IN`."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, column, queryset):
        super().__init__(output_field=BooleanField())
        self.column = F(column) if isinstance(column, str) else column
        self.subquery = Subquery(queryset)

    def get_source_expressions(self):
        return [self.column, self.subquery]

    def set_source_expressions(self, exprs):
        self.column, self.subquery = exprs

    def _compile(self, compiler):
        column_sql, column_params = compiler.compile(self.column)
        subquery_sql, subquery_params = compiler.compile(self.subquery)
        return column_sql, subquery_sql, (*column_params, *subquery_params)

    def as_sql(self, compiler, connection):
        column_sql, subquery_sql, params = self._compile(compiler)
        return f"{column_sql} IN {subquery_sql}", params

    def as_postgresql(self, compiler, connection):
        column_sql, subquery_sql, params = self._compile(compiler)
        return f"{column_sql} = ANY(ARRAY{subquery_sql})", params


def candidates():
    """The posts that may be in the queue (held, with an edit pending, an open report or an open
    crisis case), as one filter PostgreSQL answers from indexes: the status and pending-edit
    indexes and the primary key for the ids of open reports and cases, OR-ed in one bitmap scan.
    Everything else the queue computes per post then runs for these few posts only.

    Issue 15: as `pk IN (subquery)` the OR could use no index, so PostgreSQL read every post of
    the boards (100,000 on the bench board) and, from that estimate, JIT-compiled the query:
    3 s a request with 1,000 held posts. (A list of candidate ids as parameters cost more: psycopg
    splits the query client-side for each of a thousand parameters.)"""
    return (
        Q(status=HELD)
        | Q(pending_at__isnull=False)
        | Q(InSubquery("pk", Report.objects.filter(status=OPEN).values("post_id")))
        | Q(InSubquery("pk", _open_case_posts()))
    )


def _open_case_posts():
    """The posts with an open crisis case."""
    return CrisisCase.objects.filter(closed_at__isnull=True, post__isnull=False).values("post_id")


def _queue_candidates(board_ids):
    """The candidates on these boards; `board_ids` None: every board (a lead moderator's queue
    needs no list of boards, so no query to read one)."""
    return on_boards(Post.objects.filter(candidates()), board_ids)


def on_boards(queryset, board_ids):
    """`queryset` narrowed to these boards; None: every board."""
    return queryset if board_ids is None else queryset.filter(board_id__any=board_ids)


def queue_posts(board_ids):
    """The queue, ordered: crisis first, then by when each post was queued (held posts by
    posting time, held edits by edit time, reported posts by their first open report, crisis
    cases by opening). Annotates `has_crisis` and `queued_at` and nothing else: a page's posts
    are loaded with `page_posts()`. `board_ids` None: every board."""
    open_reports = Report.objects.filter(post=OuterRef("pk"), status=OPEN)
    # An open crisis case puts its post at the top even without a report (crisis words).
    open_case = CrisisCase.objects.filter(post=OuterRef("pk"), closed_at__isnull=True)
    return (
        _queue_candidates(board_ids)
        .annotate(
            case_opened_at=Subquery(open_case.values("opened_at")[:1]),
            first_report_at=Subquery(open_reports.order_by("created_at").values("created_at")[:1]),
        )
        .annotate(
            has_crisis=Case(
                # The open cases' posts read once (an InitPlan) and each candidate looked up
                # in that list: `case_opened_at` here was a subquery run for each of the 1,000
                # candidates (1 ms of the 1.5 ms the keys took, issue 15).
                When(
                    Q(Exists(open_reports.filter(reason=CRISIS))) | Q(InSubquery("pk", _open_case_posts())),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
            # A held edit without report or case is queued when it was made. (Each annotation
            # is compiled, and run, once per reference: this names the subqueries once each.)
            queued_at=Case(
                When(status=HELD, then=F("created_at")),
                default=Coalesce(F("first_report_at"), F("case_opened_at"), F("pending_at")),
            ),
        )
        .order_by("-has_crisis", "queued_at", "pk")
    )


def queue_keys(board_ids):
    """The queue's order as (pk, has_crisis) rows, the cheap part to paginate; `page_posts()`
    loads one page of them."""
    return queue_posts(board_ids).values_list("pk", "has_crisis")


def boards_argument(board_ids):
    """The ids argument naming the moderator's boards; none for every board."""
    return {} if board_ids is None else {"boards": tuple(board_ids)}


KEYS_QUERY = CompiledRows(
    lambda shape, boards=None: queue_keys(boards)[shape[0] : shape[0] + shape[1]], max_shapes=16
)


class QueueKeys:
    """The queue's keys for the paginator: its length already known (`queue_counts`), each page
    one compiled query (`KEYS_QUERY`, its offset part of the shape). `read`: (start, rows) of a
    page already read with the counts (`queue_page`), served without a query when the paginator
    asks for that page."""

    ordered = True

    def __init__(self, board_ids, count, read=None):
        self.ids, self._count, self._read = boards_argument(board_ids), count, read

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("QueueKeys gives slices only")
        start = index.start or 0
        stop = self._count if index.stop is None else index.stop
        if self._read is not None and self._read[0] == start and stop - start <= len(self._read[1]):
            return self._read[1][: max(stop - start, 0)]
        return KEYS_QUERY((start, max(stop - start, 0)), **self.ids)


def with_context(posts):
    """Add what a moderator needs to judge each post: topic, author and an excerpt of the
    visible post before it in the topic (`page_posts` adds the board and open reports)."""
    previous = Post.objects.filter(
        topic=OuterRef("topic"), status=Status.VISIBLE, created_at__lt=OuterRef("created_at")
    ).order_by("-created_at", "-pk")
    return posts.select_related("topic", "author__member").annotate(
        previous_body=Subquery(previous.values("body")[:1]),
    )


def open_reports_of(post_ids):
    """The open reports of these posts, crisis first, then oldest first, with their reporters."""
    return (
        Report.objects.filter(post_id__any=post_ids, status=ReportStatus.OPEN)
        .select_related("reporter__member")
        .order_by(Case(When(reason=ReportReason.CRISIS, then=0), default=1), "created_at", "pk")
    )


PAGE_POSTS_QUERY = CompiledQuery(lambda shape, *, posts: with_context(Post.objects.filter(pk__any=posts)))
OPEN_REPORTS_QUERY = CompiledQuery(lambda shape, *, posts: open_reports_of(posts))
# A page's posts come from a few boards: each board page loaded once and shared, not joined and
# built again for every post (issue 15: 5 ms a queue page).
BOARDS_QUERY = CompiledQuery(lambda shape, *, boards: BoardPage.objects.filter(pk__any=boards))


def page_posts(keys):
    """The posts of one page of `queue_keys()`, in its order, with their context
    (`with_context`), `board`, `open_reports` and `has_crisis`. A post deleted since the keys
    were read is left out. Three compiled queries."""
    crisis = dict(keys)
    if not crisis:
        return []
    ids = tuple(crisis)
    posts = {post.pk: post for post in PAGE_POSTS_QUERY(None, posts=ids)}
    reports = defaultdict(list)
    for report in OPEN_REPORTS_QUERY(None, posts=ids):
        reports[report.post_id].append(report)
    boards = {
        board.pk: board for board in BOARDS_QUERY(None, boards=sorted({p.board_id for p in posts.values()}))
    }
    rows = []
    for pk, has_crisis in crisis.items():
        post = posts.get(pk)
        board = boards.get(post.board_id) if post is not None else None
        if board is None:  # deleted since the keys were read
            continue
        post.has_crisis = has_crisis
        post.open_reports = reports.get(pk, [])
        post.board = board
        rows.append(post)
    return rows


COUNT_NAMES = ("queue", "held", "open_reports", "crisis_reports")
# What the header counts as awaiting review: held posts and held edits.
HELD_OR_EDITED = Q(status=HELD) | Q(pending_at__isnull=False)


def _counts(board_ids):
    open_report = Q(reports__status=ReportStatus.OPEN)
    return (
        _queue_candidates(board_ids)
        .annotate(one=Value(1))
        .values("one")  # a constant: no GROUP BY, the whole queue in one row
        .annotate(
            queue=Count("pk", distinct=True),
            held=Count("pk", distinct=True, filter=HELD_OR_EDITED),
            open_reports=Count("reports", distinct=True, filter=open_report),
            crisis_reports=Count(
                "reports", distinct=True, filter=open_report & Q(reports__reason=ReportReason.CRISIS)
            ),
        )
        .values_list(*COUNT_NAMES)
    )


COUNTS_QUERY = CompiledRows(lambda shape, boards=None: _counts(boards))


def queue_counts(board_ids):
    """{"queue": posts in the queue, "held": held posts and edits, "open_reports": open reports,
    "crisis_reports": open crisis reports} on these boards (None: every board), in one query over the
    queue's candidates (every held post, held edit and post with an open report is one)."""
    rows = COUNTS_QUERY(None, **boards_argument(board_ids))  # no row: an empty list of boards on SQLite
    return dict(zip(COUNT_NAMES, rows[0] if rows else (0,) * len(COUNT_NAMES), strict=True))


def _open_report_count(board_ids, **only):
    """The number of open reports (`only`: of one reason) on posts of these boards, as a scalar
    subquery: every post with an open report is in the queue, so these are the queue's."""
    reports = Report.objects.filter(status=OPEN, **only)
    if board_ids is not None:
        reports = reports.filter(post__board_id__any=board_ids)
    count = Func(F("pk"), function="COUNT", output_field=IntegerField())  # no GROUP BY: one row
    return Subquery(reports.order_by().annotate(n=count).values("n"), output_field=IntegerField())


def _keys_with_counts(board_ids):
    """`queue_keys()` with the header's counts on every row (COUNT_NAMES after the key): the
    posts' two as window counts over the whole queue, the reports' two as subqueries run once."""
    return (
        queue_posts(board_ids)
        .annotate(
            queue=Window(Count("pk")),
            held=Window(Count("pk", filter=HELD_OR_EDITED)),
            open_reports=_open_report_count(board_ids),
            crisis_reports=_open_report_count(board_ids, reason=CRISIS),
        )
        .values_list("pk", "has_crisis", *COUNT_NAMES)
    )


PAGE_WITH_COUNTS_QUERY = CompiledRows(
    lambda shape, boards=None: _keys_with_counts(boards)[shape[0] : shape[0] + shape[1]], max_shapes=16
)


def queue_page(board_ids, number, per_page):
    """(counts as `queue_counts` gives them, `QueueKeys` for the paginator) with page `number`'s
    keys read in the same statement as the counts (issue 15: the counts were a statement of their
    own, scanning the queue a second time). The paginator still decides which page it shows: a
    page past the end (or an empty queue) reads the counts alone, and the page it then shows
    is read when it asks for it."""
    start = None if number is None else (number - 1) * per_page  # None: core.pagination.requested_page
    rows = [] if start is None else PAGE_WITH_COUNTS_QUERY((start, per_page), **boards_argument(board_ids))
    if not rows:
        counts = queue_counts(board_ids)
        return counts, QueueKeys(board_ids, counts["queue"])
    counts = dict(zip(COUNT_NAMES, rows[0][2:], strict=True))
    return counts, QueueKeys(board_ids, counts["queue"], read=(start, [row[:2] for row in rows]))


__all__ = [
    "candidates",
    "queue_posts",
    "queue_keys",
    "page_posts",
    "queue_counts",
    "queue_page",
    "QueueKeys",
    "with_context",
    "open_reports_of",
    "on_boards",
    "boards_argument",
]
