"""The moderation queue narrows the boards' posts to its candidates from indexes first, so its
per-post subqueries run for the few posts that can be queued, not for every post (issue 15)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forums import review_queue
from forums.models import CrisisCase, Report, ReportReason, ReportStatus, Status
from tests.factories.forums import MemberFactory, PostFactory, TopicFactory


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

    ids = review_queue.candidate_ids([board.pk])
    assert sorted(ids) == sorted([held.pk, pending.pk, reported.pk, crisis.pk])
    queue = list(review_queue.queue_posts([board.pk]))
    assert {post.pk for post in queue} == set(ids)
    assert queue[0].pk in {reported.pk, crisis.pk}  # crisis first


def test_the_queue_query_runs_its_subqueries_over_candidates_only(board):
    topic = TopicFactory(board=board, posts=30)  # visible posts the queue must not examine
    held = PostFactory(topic=topic, status=Status.HELD)
    with CaptureQueriesContext(connection) as ctx:
        assert [post.pk for post in review_queue.queue_posts([board.pk])] == [held.pk]
    queue_sql = ctx.captured_queries[-1]["sql"]
    assert f'"forums_post"."id" IN ({held.pk})' in queue_sql
