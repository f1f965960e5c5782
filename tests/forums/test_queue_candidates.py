"""The moderation queue narrows the boards' posts to its candidates from indexes first, so its
per-post subqueries run for the few posts that can be queued, not for every post (issue 15)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demo.factories.forums import MemberFactory, PostFactory, TopicFactory
from forums import review_queue
from forums.models import CrisisCase, Post, Report, ReportReason, ReportStatus, Status


def test_candidates_are_held_pending_reported_and_crisis_posts_of_the_boards(board, other_board):
    topic = TopicFactory(board=board)
    held = PostFactory(topic=topic, status=Status.HELD)
    pending = PostFactory(topic=topic, pending_body="An edit", pending_at=timezone.now())
    reported = PostFactory(topic=topic)
    Report.objects.create(post=reported, reporter=MemberFactory().user, reason=ReportReason.CRISIS)
    dismissed = PostFactory(topic=topic)
    Report.objects.create(
        post=dismissed, reporter=MemberFactory().user, reason=ReportReason.SPAM, status=ReportStatus.DISMISSED
    )
    crisis = PostFactory(topic=topic)
    CrisisCase.objects.create(post=crisis, board=board, source="watched_word")
    closed = PostFactory(topic=topic)
    CrisisCase.objects.create(post=closed, board=board, source="watched_word", closed_at=timezone.now())
    PostFactory(topic=topic)  # an ordinary visible post
    PostFactory(topic=TopicFactory(board=other_board), status=Status.HELD)  # another board's

    on_board = Post.objects.filter(board=board)
    ids = list(on_board.filter(review_queue.candidates()).values_list("pk", flat=True))
    assert sorted(ids) == sorted([held.pk, pending.pk, reported.pk, crisis.pk])
    queue = list(review_queue.queue_posts([board.pk]))
    assert {post.pk for post in queue} == set(ids)
    assert queue[0].pk in {reported.pk, crisis.pk}  # crisis first


def test_the_queue_query_filters_by_candidates_before_its_subqueries(board):
    topic = TopicFactory(board=board, posts=30)  # visible posts the queue must not examine
    held = PostFactory(topic=topic, status=Status.HELD)
    with CaptureQueriesContext(connection) as ctx:
        assert [post.pk for post in review_queue.queue_posts([board.pk])] == [held.pk]
    (queue_sql,) = [q["sql"] for q in ctx.captured_queries]
    where = queue_sql.split(" WHERE ", 1)[1]
    # The candidate filter (status, pending edit, open reports, open cases) is in the WHERE
    # clause next to the per-post subqueries, so PostgreSQL can check it first.
    # (The statuses are written into the SQL text: core.compiled_queries.Literal.)
    assert (
        '"forums_post"."status" = (\'held\')' in where and '"forums_post"."pending_at" IS NOT NULL' in where
    )
    assert where.count('"forums_report"') >= 2 and where.count('"forums_crisiscase"') >= 2


def test_the_candidates_are_read_from_indexes_in_one_bitmap_scan(board):
    """Issue 15: the candidate filter is an OR of indexed conditions (held, pending edit, and the
    ids of open reports and open crisis cases looked up in the primary key), so PostgreSQL can
    read the few candidates from indexes instead of every post of the boards. With
    `pk IN (subquery)` the OR could use no index: 1,000 held posts among 100,000 took 3 s a
    request (every post read, and the query JIT-compiled from that estimate)."""
    topic = TopicFactory(board=board, posts=5)
    PostFactory(topic=topic, status=Status.HELD)
    reported = PostFactory(topic=topic)
    Report.objects.create(post=reported, reporter=MemberFactory().user, reason=ReportReason.SPAM)
    crisis = PostFactory(topic=topic)
    CrisisCase.objects.create(post=crisis, board=board, source="watched_word")
    with connection.cursor() as cursor:
        # Test tables are cheaper to read whole; ask whether an index plan exists at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Post.objects.filter(review_queue.candidates()).explain()
    assert "BitmapOr" in plan and "Seq Scan on forums_post" not in plan, plan
    assert "forums_post_pkey" in plan, plan  # open reports' and cases' posts by primary key
    assert Post.objects.filter(review_queue.candidates()).count() == 3


def test_a_queue_page_loads_its_posts_in_the_queue_order(board):
    topic = TopicFactory(board=board)
    start = timezone.now() - dt.timedelta(hours=1)
    held = [
        PostFactory(topic=topic, status=Status.HELD, created_at=start + dt.timedelta(minutes=n))
        for n in range(25)
    ]
    crisis = PostFactory(topic=topic)
    Report.objects.create(post=crisis, reporter=MemberFactory().user, reason=ReportReason.CRISIS)
    keys = list(review_queue.queue_keys([board.pk]))
    assert keys[0] == (crisis.pk, True) and keys[1:] == [(post.pk, False) for post in held]
    page = review_queue.page_posts(keys[20:])
    assert [post.pk for post in page] == [post.pk for post in held[19:]]
    assert [post.has_crisis for post in page] == [False] * 6
    first = review_queue.page_posts(keys[:2])
    assert first[0].has_crisis and [report.reason for report in first[0].open_reports] == ["crisis"]
    held[0].delete()  # gone between reading the keys and loading the page: left out
    assert [post.pk for post in review_queue.page_posts(keys[:3])] == [crisis.pk, held[1].pk]


def _queue_fixture(board, other_board):
    topic = TopicFactory(board=board)
    held = [PostFactory(topic=topic, status=Status.HELD) for _ in range(3)]
    reported = PostFactory(topic=topic)
    Report.objects.create(post=reported, reporter=MemberFactory().user, reason=ReportReason.SPAM)
    Report.objects.create(post=reported, reporter=MemberFactory().user, reason=ReportReason.CRISIS)
    elsewhere = PostFactory(topic=TopicFactory(board=other_board), status=Status.HELD)
    return held, reported, elsewhere


def test_compiled_counts_and_pages_match_the_queue(board, other_board):
    """Issue 15: the queue's counts, keys and page posts are compiled once per shape; for every
    set of boards they give what the ORM's queue gives."""
    held, reported, elsewhere = _queue_fixture(board, other_board)
    for board_ids, expected in (([board.pk], 4), ([board.pk, other_board.pk], 5), (None, 5)):
        counts = review_queue.queue_counts(board_ids)
        assert counts == {
            "queue": expected,
            "held": expected - 1,
            "open_reports": 2,
            "crisis_reports": 1,
        }
        keys = review_queue.QueueKeys(board_ids, counts["queue"])
        everything = list(review_queue.queue_keys(board_ids))
        assert keys[0:2] + keys[2:10] == everything  # page by page, as the paginator slices
        assert everything[0] == (reported.pk, True)  # crisis first
    assert review_queue.queue_counts([other_board.pk])["queue"] == 1
    assert review_queue.queue_counts([]) == dict.fromkeys(review_queue.COUNT_NAMES, 0)


def test_a_queue_page_is_read_with_the_counts_in_one_statement(board, other_board):
    """Issue 15: the asked page's keys come with the header's counts in one statement, and the
    paginator's slice of that page is served without another; an empty queue or a page past the
    end reads the counts alone, and the page the paginator then shows is read when asked for."""
    _queue_fixture(board, other_board)
    for board_ids in ([board.pk], [board.pk, other_board.pk], None):
        expected = review_queue.queue_counts(board_ids)
        everything = list(review_queue.queue_keys(board_ids))
        for number in (1, 2, 3, 4, 99):
            start = (number - 1) * 2
            with CaptureQueriesContext(connection) as read:
                counts, keys = review_queue.queue_page(board_ids, number, 2)
            assert counts == expected
            stop = min(start + 2, len(keys))
            with CaptureQueriesContext(connection) as sliced:
                page = list(keys[start:stop])
            assert page == everything[start:stop]
            if start < len(everything):
                assert (len(read), len(sliced)) == (1, 0)
            else:  # past the end: the counts alone, and nothing on that page
                assert (len(read), page) == (2, [])
        last = (len(everything) - 1) // 2 * 2
        assert list(review_queue.queue_page(board_ids, 99, 2)[1][last:]) == everything[last:]
    assert review_queue.queue_page([], 1, 20)[0] == dict.fromkeys(review_queue.COUNT_NAMES, 0)
    assert review_queue.queue_page([other_board.pk], 1, 20)[0]["queue"] == 1


def test_page_posts_bring_board_reports_and_context(board, other_board):
    held, reported, elsewhere = _queue_fixture(board, other_board)
    keys = review_queue.QueueKeys(None, 5)[0:5]
    rows = review_queue.page_posts(keys)
    assert [post.pk for post in rows] == [pk for pk, _ in keys]
    first = rows[0]
    assert first.pk == reported.pk and first.has_crisis is True
    assert [r.reason for r in first.open_reports] == [ReportReason.CRISIS, ReportReason.SPAM]
    assert {post.board.pk for post in rows} == {board.pk, other_board.pk}
    assert all(post.board.title for post in rows)
    assert rows[1].previous_body is not None  # the visible post before it in the topic
    Post.objects.filter(pk=held[0].pk).delete()
    assert held[0].pk not in [post.pk for post in review_queue.page_posts(keys)]
    assert review_queue.page_posts([]) == []


def test_an_open_crisis_case_alone_puts_its_post_first(board):
    topic = TopicFactory(board=board)
    held = PostFactory(topic=topic, status=Status.HELD)
    crisis = PostFactory(topic=topic)
    CrisisCase.objects.create(post=crisis, board=board, source="watched_word")
    closed = PostFactory(topic=topic, status=Status.HELD)
    CrisisCase.objects.create(post=closed, board=board, source="watched_word", closed_at=timezone.now())
    keys = list(review_queue.queue_keys([board.pk]))
    assert keys[0] == (crisis.pk, True)
    assert dict(keys)[held.pk] is False and dict(keys)[closed.pk] is False
    assert review_queue.QueueKeys([board.pk], 3)[0:3] == keys
