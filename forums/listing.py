"""Board and topic listings in one query each, at the same cost on page 80 as on page 1.

`Paginator` counts in one query and then fetches its slice with `OFFSET` over the whole joined
query, so PostgreSQL builds (joins, annotations) every row it skips: page 80 of a board did
2,000 joins to show 25 topics. Here the page's keys are picked first from a narrow ordered
index (`forums_topic_listing`, `forums_post_page`), the rows are fetched by key with their
authors, last posters, reader state and the total count, all in one statement, and only the
rows shown are joined. Page numbers and `?page=N` URLs behave as `core.pagination.paginate`
(a malformed number gives page 1, one out of range the last page).

Request-free (the views pass the reader and the page number), so tests and the bench call it
directly.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property
from django.utils.translation import ngettext

from core.compiled_queries import CompiledQuery
from core.pagination import requested_page
from forums import policy, posting, reactions, slowmode
from forums.models import BoardGeneration, BoardWatch, Post, Status, Topic, TopicRead, TopicWatch

TOPIC_ORDER = ("-is_pinned", "-last_post_at", "-pk")
POST_ORDER = ("created_at", "pk")


class SubqueryCount(Subquery):
    """COUNT(*) of a queryset as a column of another query."""

    template = "(SELECT count(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


class CountedPaginator(Paginator):
    """A paginator whose count came with the page's rows."""

    def __init__(self, per_page, count):
        super().__init__([], per_page)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


def page_query(base, order, per_page, number, decorate=lambda qs: qs, known_total=None):
    """Page `number` of `base` ordered by `order`, decorated, with the listing's total count as
    `listing_total` on each row: the page's keys come from the narrow ordered query.
    `known_total`: an expression giving the count kept elsewhere (NULL when not known: then
    `base` is counted)."""
    offset = (number - 1) * per_page
    keys = base.order_by(*order).values("pk")[offset : offset + per_page]
    total = SubqueryCount(base.order_by().values("pk"))
    if known_total is not None:
        total = Coalesce(known_total, total)  # PostgreSQL runs the count only when it is NULL
    return decorate(base.model.objects.filter(pk__in=keys)).annotate(listing_total=total).order_by(*order)


def page_of(
    raw_number, base, order, per_page, *, decorate=lambda qs: qs, fetch=None, on_each_side=2, on_ends=1
):
    """(page_obj, elided_range) for `base` ordered by `order` (ending with a unique key).
    `fetch(number)`, when given, runs `page_query` for the page (a compiled one); `base` may
    then be a function giving the queryset, needed only for a page out of range.

    One query for a page in range; a page out of range costs a count and the last page."""
    if fetch is None:

        def fetch(number):
            return list(page_query(base, order, per_page, number, decorate))

    number = requested_page(raw_number)
    rows = [] if number is None else fetch(number)
    total = rows[0].listing_total if rows else None
    if total is None:  # no rows: an empty listing, or a page past the end: show the last page
        total = (base() if callable(base) else base).count()
        number = max(1, -(-total // per_page))
        rows = fetch(number) if total else []
    paginator = CountedPaginator(per_page, total)
    page_obj = Page(rows, number, paginator)
    elided = paginator.get_elided_page_range(number, on_each_side=on_each_side, on_ends=on_ends)
    return page_obj, list(elided)


# Board pages ------------------------------------------------------------------------------------


# What a board row shows (forums.board_fragments): the topic's own columns, and the author's and
# last poster's names as values rather than four related model instances a row.
BOARD_ROW_FIELDS = (
    "board_id",
    "title",
    "status",
    "is_pinned",
    "is_locked",
    "reply_count",
    "last_post_at",
    "last_post_id",
    "author_id",
)
BOARD_ROW_NAMES = {
    "author_display": F("author__member__display_name"),
    "last_post_status": F("last_post__status"),
    "last_poster_id": F("last_post__author_id"),
    "last_poster_display": F("last_post__author__member__display_name"),
}


def _board_base(board):
    return Topic.objects.filter(board=board, status=Status.VISIBLE)


def _board_query(shape, *, board, user=None):
    per_page, number = shape
    # The count the database keeps with the board's generation (models/board_generation.py).
    kept_count = BoardGeneration.objects.filter(board_id=board).values("visible_topics")[:1]
    topics = page_query(
        _board_base(board),
        TOPIC_ORDER,
        per_page,
        number,
        lambda topics: topics.only(*BOARD_ROW_FIELDS).annotate(**BOARD_ROW_NAMES),
        known_total=Subquery(kept_count, output_field=IntegerField()),
    ).annotate(**slowmode.board_mode_annotations(board))
    if user is None:
        return topics
    return topics.annotate(
        reader_read_at=Subquery(
            TopicRead.objects.filter(user=user, topic=OuterRef("pk")).values("read_at")[:1]
        ),
        reader_watches_board=Exists(BoardWatch.objects.filter(user=user, board=board)),
    )


BOARD_QUERY = CompiledQuery(_board_query)


def board_topics(board, user, raw_number):
    """The board's page of visible topics with the names of their authors and last posters
    (`BOARD_ROW_NAMES`), and for a member the unread marker of each topic and whether they
    watch the board, in one query (compiled once per page number, core.compiled_queries).

    The board's slow-mode notice comes with the rows (`board_slow_mode`, "" when none).

    Returns (page_obj, elided_range, member, watching)."""
    member = policy.member_of(user)
    per_page = board.TOPICS_PER_PAGE
    ids = {"board": board.pk} if member is None else {"board": board.pk, "user": user.pk}

    def fetch(number):
        return BOARD_QUERY((per_page, number), **ids)

    page_obj, elided = page_of(raw_number, lambda: _board_base(board), TOPIC_ORDER, per_page, fetch=fetch)
    rows = list(page_obj.object_list)
    watching = False
    if member is not None:
        for topic in rows:
            read_at = topic.reader_read_at
            topic.is_unread = topic.last_post_at > (read_at or member.created_at)
        if rows:
            watching = rows[0].reader_watches_board
        else:  # nothing listed to carry the flag
            watching = BoardWatch.objects.filter(user=user, board=board).exists()
    for topic in rows:
        topic.board = board  # reuse the page we already have (topic URLs)
    page_obj.object_list = rows
    # Read with the rows; an empty board has none to carry it.
    mode = slowmode.board_mode_from(rows[0], board) if rows else slowmode.active_slow_mode(board)
    page_obj.board_slow_mode = slowmode.notice_of(mode)
    return page_obj, elided, member, watching


# Topic pages ------------------------------------------------------------------------------------


def with_reader_state(topics, user):
    """Topics annotated with the reader's watch and read marker (the topic page's own query)."""
    if not (user and user.is_authenticated):
        return topics
    return with_reader_state_for(topics, user.pk)


def with_reader_state_for(topics, user_id):
    """with_reader_state() for a signed-in reader given by id, for compiled queries."""
    return topics.annotate(
        reader_watches=Exists(TopicWatch.objects.filter(user=user_id, topic=OuterRef("pk"))),
        reader_read_at=Subquery(
            TopicRead.objects.filter(user=user_id, topic=OuterRef("pk")).values("read_at")[:1]
        ),
    )


def _topic_query(shape, *, topic, board, user=None):
    statuses = Q(status=Status.VISIBLE)
    if shape == "moderator":
        statuses |= Q(status__in=[Status.HELD, Status.HIDDEN])
    elif shape == "signed_in":
        statuses |= Q(status=Status.HELD, author=user)
    topics = Topic.objects.filter(statuses, board=board, pk=topic)
    if user is not None:
        topics = with_reader_state_for(topics, user)
    return slowmode.with_tool_state_for(topics, user).order_by("pk")[:1]


TOPIC_QUERY = CompiledQuery(_topic_query)


def reader_topic(board, topic_id, user, *, is_moderator):
    """The topic as this reader may see it (visible; their own held topic; held and hidden ones
    for a moderator of the board) with its tool state (slowmode.with_tool_state) and the reader's
    watch and read marker (with_reader_state), or None. One query, compiled once per kind of
    reader (core.compiled_queries)."""
    if user is not None and user.is_authenticated:
        shape = "moderator" if is_moderator else "signed_in"
        rows = TOPIC_QUERY(shape, topic=topic_id, board=board.pk, user=user.pk)
    else:
        rows = TOPIC_QUERY("anonymous", topic=topic_id, board=board.pk)
    return rows[0] if rows else None


def is_watching(user, topic):
    """Whether the member watches `topic` (from with_reader_state when it ran)."""
    if hasattr(topic, "reader_watches"):
        return topic.reader_watches
    return TopicWatch.objects.filter(user=user, topic=topic).exists()


def mark_read(user, topic):
    """Record the visit, unless the marker already covers the topic's last post: re-reading a
    topic with nothing new (most views) writes nothing."""
    read_at = getattr(topic, "reader_read_at", None)
    if read_at is not None and read_at >= topic.last_post_at:
        return
    posting.mark_read(user, topic)


def _posts_base(topic, user, moderator):
    return Post.objects.filter(topic=topic).filter(
        policy.visible_posts_filter_for(user, moderator=moderator) | Q(status=Status.DELETED)
    )


def _posts_query(shape, *, topic, user=None):
    moderator, labels, per_page, number = shape
    return page_query(
        _posts_base(topic, user, moderator),
        POST_ORDER,
        per_page,
        number,
        lambda posts: reactions.annotate_for_reader_id(posts, user, labels),
    )


POSTS_QUERY = CompiledQuery(_posts_query)


def topic_posts(board, topic, user, raw_number, labels):
    """The topic's page of posts the reader may see (deleted ones as placeholders), with
    authors, their profiles and the reader's reactions, saved and blocked state, in one
    query (compiled once per kind of reader and page number, core.compiled_queries).
    Returns (page_obj, elided_range)."""
    moderator = policy.is_moderator(user, board)
    user_id = user.pk if user is not None and user.is_authenticated else None
    labels = tuple(labels)
    per_page = board.POSTS_PER_PAGE
    ids = {"topic": topic.pk} if user_id is None else {"topic": topic.pk, "user": user_id}

    def fetch(number):
        return POSTS_QUERY((moderator, labels, per_page, number), **ids)

    page_obj, elided = page_of(
        raw_number, lambda: _posts_base(topic, user_id, moderator), POST_ORDER, per_page, fetch=fetch
    )
    page_obj.object_list = reactions.topic_decorations(user, list(page_obj.object_list), labels)
    return page_obj, elided


def count_sentence(page_obj):
    """The topic page's "N messages, page P of T" (or "N messages" on a single page), translated
    with ngettext where a `blocktranslate` tag cost ~470 function calls a page (issue 15)."""
    count, pages = page_obj.paginator.count, page_obj.paginator.num_pages
    if pages > 1:
        sentence = ngettext(
            "%(counter)s message, page %(number)s of %(pages)s",
            "%(counter)s messages, page %(number)s of %(pages)s",
            count,
        )
        return sentence % {"counter": count, "number": page_obj.number, "pages": pages}
    return ngettext("%(counter)s message", "%(counter)s messages", count) % {"counter": count}
