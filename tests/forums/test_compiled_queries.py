"""The topic and board pages' queries compiled once per shape (core.compiled_queries): the
same rows as the ORM gives, each reader's own state, and a fresh run every time."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count, Q, Value
from django.db.models.sql.compiler import SQLCompiler
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.compiled_queries import CompiledQuery, CompiledRows, Literal
from demo.factories.forums import PostFactory, TopicFactory
from forums import anon_pages, listing, reactions, review_queue, slowmode
from forums.member_models import Bookmark
from forums.models import ALL_BOARDS, BoardGeneration, ModerationAction, Post, Status, Topic, TopicWatch
from forums.modtools_models import SlowMode

LABELS = ("Sending hugs", "Thank you")


def test_rows_are_what_the_orm_gives(board, member):
    topic = TopicFactory(board=board)
    TopicWatch.objects.create(user=member.user, topic=topic)
    compiled = listing.reader_topic(board, topic.pk, member.user, is_moderator=False)
    plain = slowmode.with_tool_state(
        listing.with_reader_state(Topic.objects.filter(pk=topic.pk), member.user), member.user
    ).get()
    fields = ("pk", "title", "status", "last_post_at", "reader_watches", "reader_read_at", "tool_close_at")
    fields += ("tool_slow_minutes", "tool_slow_ends_at", "tool_author_crisis")
    assert [getattr(compiled, f) for f in fields] == [getattr(plain, f) for f in fields]
    assert compiled.reader_watches is True


def test_each_reader_gets_their_own_state_from_one_compiled_query(board, member, other_member):
    topic = TopicFactory(board=board)
    TopicWatch.objects.create(user=member.user, topic=topic)
    for user, watches in ((member.user, True), (other_member.user, False), (member.user, True)):
        assert listing.reader_topic(board, topic.pk, user, is_moderator=False).reader_watches is watches


def test_held_topic_only_for_its_author_and_moderators(board, member, other_member, moderator):
    held = TopicFactory(board=board, author=member.user, status=Status.HELD)
    assert listing.reader_topic(board, held.pk, member.user, is_moderator=False) is not None
    assert listing.reader_topic(board, held.pk, other_member.user, is_moderator=False) is None
    assert listing.reader_topic(board, held.pk, AnonymousUser(), is_moderator=False) is None
    assert listing.reader_topic(board, held.pk, moderator.user, is_moderator=True) is not None


def test_posts_page_keeps_pressed_and_saved_state_per_reader(board, member, other_member):
    topic = TopicFactory(board=board)
    post = PostFactory(topic=topic)
    reactions.toggle_reaction(member.user, post, LABELS[0], LABELS)  # stores the post's counts too
    Bookmark.objects.create(post=post, user=member.user)
    for user, pressed, saved in (
        (member.user, True, True),
        (other_member.user, False, False),
        (member.user, True, True),
    ):
        page, _ = listing.topic_posts(board, topic, user, None, LABELS)
        shown = next(p for p in page.object_list if p.pk == post.pk)
        assert shown.reaction_list[0] == (LABELS[0], 1, pressed)
        assert shown.is_saved is saved


def test_every_call_runs_the_query_so_changes_show_at_once(board, member):
    topic = TopicFactory(board=board)
    post = PostFactory(topic=topic)
    page, _ = listing.topic_posts(board, topic, member.user, None, LABELS)
    assert post.pk in [p.pk for p in page.object_list]
    post.status = Status.HIDDEN
    post.save(update_fields=["status"])
    page, _ = listing.topic_posts(board, topic, member.user, None, LABELS)
    assert post.pk not in [p.pk for p in page.object_list]
    Topic.objects.filter(pk=topic.pk).update(is_locked=True)
    assert listing.reader_topic(board, topic.pk, member.user, is_moderator=False).is_locked


def test_built_once_per_shape(board, member, other_member):
    builds = []

    def build(shape, *, topic, user):
        builds.append(shape)
        return listing.with_reader_state_for(Topic.objects.filter(pk=topic), user)

    query = CompiledQuery(build)
    topic = TopicFactory(board=board)
    TopicWatch.objects.create(user=other_member.user, topic=topic)
    assert [t.reader_watches for t in query("a", topic=topic.pk, user=member.user.pk)] == [False]
    assert [t.reader_watches for t in query("a", topic=topic.pk, user=other_member.user.pk)] == [True]
    query("b", topic=topic.pk, user=member.user.pk)
    assert builds == ["a", "b"]


def test_recent_shapes_kept(board):
    builds = []

    def build(shape, *, topic):
        builds.append(shape)
        return Topic.objects.filter(pk=topic)

    query = CompiledQuery(build, max_shapes=2)
    topic = TopicFactory(board=board)
    for shape in (1, 2, 1, 3, 1, 2):
        assert [t.pk for t in query(shape, topic=topic.pk)] == [topic.pk]
    assert builds == [1, 2, 3, 2]  # 2 was the least recently used when 3 came


def test_an_id_that_does_not_reach_the_parameters_is_refused(board):
    query = CompiledQuery(lambda shape, *, topic, user: Topic.objects.filter(pk=topic))
    with pytest.raises(ValueError, match="user"):
        query("a", topic=1, user=2)


def test_an_id_on_a_plain_integer_column_is_a_parameter(board):
    """psycopg passes an IntegerField's value as its own int type (Int4): still a parameter,
    each call with its own id (the board generations every board page reads)."""
    BoardGeneration.objects.update_or_create(board_id=board.pk, defaults={"generation": 7})
    BoardGeneration.objects.update_or_create(board_id=board.pk + 1, defaults={"generation": 8})
    query = CompiledQuery(lambda shape, *, board: BoardGeneration.objects.filter(board_id=board))
    assert [row.generation for row in query(None, board=board.pk)] == [7]
    assert [row.generation for row in query(None, board=board.pk + 1)] == [8]
    assert anon_pages.generations(board)[1] == 7
    assert ALL_BOARDS not in (board.pk, board.pk + 1)


def test_ids_must_be_ints_lists_of_ints_or_strings(db):
    query = CompiledQuery(lambda shape, *, topic: Topic.objects.filter(pk=topic))
    for value in (1.0, True, None, b"1", {"1": 1}):
        with pytest.raises(TypeError):
            query("a", topic=value)
    with pytest.raises(ValueError):  # a string on an integer column: Django refuses its stand-in
        query("b", topic="1 OR 1=1")


def test_a_string_is_a_parameter_each_call_with_its_own_value(board):
    first, second = (
        TopicFactory(board=board, title="First; DROP TABLE x"),
        TopicFactory(board=board, title="Second"),
    )
    query = CompiledQuery(lambda shape, *, title: Topic.objects.filter(title=title))
    for topic in (first, second, first):
        assert [t.pk for t in query(None, title=topic.title)] == [topic.pk]
    assert query(None, title="first; drop table x") == []  # compared as it is
    assert len(query._plans) == 1


def test_a_string_changed_on_its_way_to_the_sql_is_refused(board):
    query = CompiledQuery(lambda shape, *, title: Topic.objects.filter(title__contains=title))
    with pytest.raises(ValueError, match="title"):
        query(None, title="First")


def test_values_querysets_are_refused(db):
    query = CompiledQuery(lambda shape, *, topic: Topic.objects.filter(pk=topic).values("pk"))
    with pytest.raises(ValueError):
        query("a", topic=1)


def test_board_slow_mode_notice_comes_with_the_rows(board, member, django_assert_num_queries):
    TopicFactory(board=board)
    mode = SlowMode.objects.create(
        board=board, minutes=10, reason="Spam wave", ends_at=timezone.now() + dt.timedelta(hours=1)
    )
    with django_assert_num_queries(1):  # the listing alone, notice included
        page_obj, *_ = listing.board_topics(board, None, None)
    assert (
        "every 10 minutes in this board" in page_obj.board_slow_mode
        and "Spam wave" in page_obj.board_slow_mode
    )
    assert page_obj.board_slow_mode == slowmode.notice(board)
    reader = Client()
    reader.force_login(member.user)
    assert "every 10 minutes in this board" in reader.get(board.url).content.decode()
    mode.ends_at = timezone.now() - dt.timedelta(minutes=1)  # over: gone at once
    mode.save()
    assert listing.board_topics(board, member.user, None)[0].board_slow_mode == ""
    assert "Slow mode" not in reader.get(board.url).content.decode()


def test_board_slow_mode_notice_on_an_empty_board(board):
    SlowMode.objects.create(
        board=board, minutes=5, reason="Calm", ends_at=timezone.now() + dt.timedelta(hours=1)
    )
    page_obj, *_ = listing.board_topics(board, None, None)
    assert not page_obj.object_list and "every 5 minutes in this board" in page_obj.board_slow_mode
    assert "every 5 minutes in this board" in Client().get(board.url).content.decode()


def test_a_topic_slow_mode_is_not_the_boards(board):
    topic = TopicFactory(board=board)
    SlowMode.objects.create(
        topic=topic, minutes=5, reason="Calm", ends_at=timezone.now() + dt.timedelta(hours=1)
    )
    assert listing.board_topics(board, None, None)[0].board_slow_mode == ""


def test_a_list_of_ids_is_one_parameter_whatever_its_length(board):
    """Issue 15 (the moderation queue): `pk__any=ids` passes the list as one array parameter,
    so one compiled statement serves pages of any number of posts, boards or authors."""
    topics = [TopicFactory(board=board) for _ in range(4)]
    builds = []

    def build(shape, *, topics):
        builds.append(shape)
        return Topic.objects.filter(pk__any=topics).order_by("pk")

    query = CompiledQuery(build)
    statements = []
    for chosen in (topics[:1], topics[1:4], topics[::2], []):
        with CaptureQueriesContext(connection) as ctx:
            rows = query(None, topics=[t.pk for t in chosen])
        assert [t.pk for t in rows] == sorted(t.pk for t in chosen)
        statements.append(ctx.captured_queries[0]["sql"].split(" = ANY(")[0])
    assert builds == [None] and len(set(statements)) == 1


def test_list_ids_must_be_ints(db):
    query = CompiledQuery(lambda shape, *, topics: Topic.objects.filter(pk__any=topics))
    with pytest.raises(TypeError):
        query(None, topics=[1, "2) OR (1=1"])


def test_compiled_rows_are_the_orm_rows(board, member, other_member):
    for author, status in (
        (member.user, Status.VISIBLE),
        (member.user, Status.HELD),
        (other_member.user, Status.HELD),
    ):
        PostFactory(topic=TopicFactory(board=board), author=author, status=status)

    def build(shape, *, authors):
        return (
            Post.objects.filter(author_id__any=authors)
            .values("author_id")
            .annotate(total=Count("status"), held=Count("status", filter=Q(status=Status.HELD)))
            .values_list("author_id", "total", "held")
            .order_by("author_id")
        )

    rows = CompiledRows(build)
    for authors in ([member.user.pk], [member.user.pk, other_member.user.pk]):
        assert rows(None, authors=authors) == list(build(None, authors=authors))
    assert rows(None, authors=[member.user.pk])[0][1:] == (
        Post.objects.filter(author=member.user).count(),
        1,
    )


def test_compiled_rows_count_a_whole_queryset_in_one_row(board):
    def build(shape, *, board):
        return (
            Post.objects.filter(board_id=board)
            .annotate(one=Value(1))
            .values("one")
            .annotate(n=Count("pk"))
            .values_list("n")
        )

    rows = CompiledRows(build)
    assert rows(None, board=board.pk) == [(0,)]
    PostFactory(topic=TopicFactory(board=board))
    assert rows(None, board=board.pk) == [(Post.objects.filter(board=board).count(),)]


def test_compiled_rows_refuse_model_querysets(db):
    rows = CompiledRows(lambda shape, *, topic: Topic.objects.filter(pk=topic))
    with pytest.raises(ValueError):
        rows(None, topic=1)


def test_a_query_empty_by_its_shape_runs_nothing(board, django_assert_num_queries):
    query = CompiledQuery(lambda shape, *, board: Topic.objects.filter(board_id=board)[shape:shape])
    TopicFactory(board=board)
    with django_assert_num_queries(0):
        assert query(0, board=board.pk) == []


@pytest.mark.parametrize("ids", ["123", [1, "2"], [True], [1.0], 7])
def test_the_any_lookup_takes_lists_of_ints_only(db, ids):
    with pytest.raises(TypeError):
        list(Topic.objects.filter(pk__any=ids))


def test_a_list_of_ids_must_reach_sql_as_one_array(db):
    """`__in` writes one placeholder per id: a list's stand-in there would give a plan that cannot
    take another length, so it is refused when the shape is compiled."""
    query = CompiledQuery(lambda shape, *, topics: Topic.objects.filter(pk__in=topics))
    with pytest.raises(ValueError, match="__any"):
        query(None, topics=[1, 2])


def test_the_any_lookup_is_for_id_columns_only(db):
    # A JSON field's `__any` stays a lookup of the key "any".
    assert "any" not in ModerationAction._meta.get_field("before").get_lookups()
    assert "any" in Post._meta.get_field("board").get_lookups()


def test_converters_are_worked_out_once_per_shape_and_still_applied(board, member, monkeypatch):
    """The select list's converters are kept with the plan; every row is still converted (the
    stored reaction counts are JSON, a status is a choice)."""
    calls = []
    work_out = SQLCompiler.get_converters

    def counted(self, expressions):
        calls.append(len(expressions))
        return work_out(self, expressions)

    monkeypatch.setattr(SQLCompiler, "get_converters", counted)
    topic = TopicFactory(board=board)
    post = PostFactory(topic=topic)
    reactions.toggle_reaction(member.user, post, LABELS[0], LABELS)
    query = CompiledQuery(listing._posts_query)
    shape = (False, LABELS, 20, 1)
    for run in range(3):
        row = next(row for row in query(shape, topic=topic.pk, user=member.user.pk) if row.pk == post.pk)
        assert row.stored_counts == {LABELS[0]: 1}
        assert row.status == Status.VISIBLE and row.created_at == post.created_at
        if run == 0:
            assert calls  # worked out on the first run
            calls.clear()
    assert calls == []


def test_a_literal_is_written_into_the_sql_text(board):
    """core.compiled_queries.Literal: a word of the code (a status) goes into the SQL itself, so
    a prepared statement's generic plan is the one PostgreSQL makes for that value."""
    held = PostFactory(topic=TopicFactory(board=board), status=Status.HELD)
    queryset = Post.objects.filter(status=Literal(Status.HELD))
    sql, params = queryset.query.sql_with_params()
    assert "= ('held')" in sql and Status.HELD not in params
    assert list(queryset) == [held]


@pytest.mark.parametrize("value", ["held'; DROP TABLE forums_post; --", "Held", "", 3, None])
def test_a_literal_takes_lower_case_words_only(value):
    with pytest.raises(ValueError):
        Literal(value)


def test_the_queue_page_is_planned_once_per_connection(board):
    """The queue's page with its counts filters on statuses written into its SQL: prepared, it
    runs on its generic plan (with the statuses as parameters, PostgreSQL planned it afresh at
    every run, 0.3 ms a queue request): a few held posts among many visible ones, as on a board."""
    topic = TopicFactory(board=board)
    PostFactory(topic=topic, status=Status.HELD)
    now = timezone.now()
    Post.objects.bulk_create(
        Post(topic=topic, board=board, author=topic.author, body="A reply", created_at=now)
        for _ in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE forums_post")  # the statistics PostgreSQL plans from
    # Prepared at the fifth run; PostgreSQL makes custom plans for a prepared statement's first
    # five runs, then keeps the generic one if it is as good.
    for _ in range(14):
        assert review_queue.queue_page(None, 1, 20)[0]["queue"] == 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s"
            " AND statement NOT LIKE %s AND statement NOT LIKE %s",
            ['%OVER ()%AS "crisis_reports"%LIMIT 20%', "%OFFSET%", '%"board_id" = ANY%'],
        )
        plans = cursor.fetchall()  # this shape only: the page's first 20, every board
    assert len(plans) == 1 and plans[0][0] >= 2, plans
