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
from django.utils.functional import cached_property

from forums import policy, posting, reactions
from forums.models import BoardWatch, Post, Status, Topic, TopicRead, TopicWatch

TOPIC_ORDER = ("-is_pinned", "-last_post_at", "-pk")
POST_ORDER = ("created_at", "pk")
# Beyond this a page number cannot be a real page (and would overflow PostgreSQL's OFFSET).
MAX_PAGE = 10**9


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


def requested_page(raw):
    """The page number asked for: 1 when missing or malformed, None when below 1 or absurdly
    large (meaning: the last page, as `Paginator.get_page` does)."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    if number < 1 or number > MAX_PAGE:
        return None
    return number


def _fetch(base, order, per_page, number, decorate):
    offset = (number - 1) * per_page
    keys = base.order_by(*order).values("pk")[offset : offset + per_page]
    rows = list(
        decorate(base.model.objects.filter(pk__in=keys))
        .annotate(listing_total=SubqueryCount(base.order_by().values("pk")))
        .order_by(*order)
    )
    return rows, (rows[0].listing_total if rows else None)


def page_of(raw_number, base, order, per_page, *, decorate=lambda qs: qs, on_each_side=2, on_ends=1):
    """(page_obj, elided_range) for `base` ordered by `order` (ending with a unique key).

    One query for a page in range; a page out of range costs a count and the last page."""
    number = requested_page(raw_number)
    rows, total = ([], None) if number is None else _fetch(base, order, per_page, number, decorate)
    if total is None:  # no rows: an empty listing, or a page past the end: show the last page
        total = base.count()
        number = max(1, -(-total // per_page))
        rows = _fetch(base, order, per_page, number, decorate)[0] if total else []
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


def board_topics(board, user, raw_number):
    """The board's page of visible topics with the names of their authors and last posters
    (`BOARD_ROW_NAMES`), and for a member the unread marker of each topic and whether they
    watch the board, in one query.

    Returns (page_obj, elided_range, member, watching)."""
    member = policy.member_of(user)

    def decorate(topics):
        topics = topics.only(*BOARD_ROW_FIELDS).annotate(**BOARD_ROW_NAMES)
        if member is None:
            return topics
        return topics.annotate(
            reader_read_at=Subquery(
                TopicRead.objects.filter(user=user, topic=OuterRef("pk")).values("read_at")[:1]
            ),
            reader_watches_board=Exists(BoardWatch.objects.filter(user=user, board=board)),
        )

    base = Topic.objects.filter(board=board, status=Status.VISIBLE)
    page_obj, elided = page_of(raw_number, base, TOPIC_ORDER, board.TOPICS_PER_PAGE, decorate=decorate)
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
    return page_obj, elided, member, watching


# Topic pages ------------------------------------------------------------------------------------


def with_reader_state(topics, user):
    """Topics annotated with the reader's watch and read marker (the topic page's own query)."""
    if not (user and user.is_authenticated):
        return topics
    return topics.annotate(
        reader_watches=Exists(TopicWatch.objects.filter(user=user, topic=OuterRef("pk"))),
        reader_read_at=Subquery(
            TopicRead.objects.filter(user=user, topic=OuterRef("pk")).values("read_at")[:1]
        ),
    )


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


def topic_posts(board, topic, user, raw_number, labels):
    """The topic's page of posts the reader may see (deleted ones as placeholders), with
    authors, their profiles and the reader's reactions, saved and blocked state, in one
    query. Returns (page_obj, elided_range)."""
    base = Post.objects.filter(topic=topic).filter(
        policy.visible_posts_filter(user, board) | Q(status=Status.DELETED)
    )

    def decorate(posts):
        return reactions.annotate_for_reader(posts.select_related("author__member"), user, labels)

    page_obj, elided = page_of(raw_number, base, POST_ORDER, board.POSTS_PER_PAGE, decorate=decorate)
    page_obj.object_list = reactions.topic_decorations(user, list(page_obj.object_list), labels)
    return page_obj, elided
