"""forums.listing: board and topic pages by page number at constant cost, reader state in
the listing query, the read marker written only when something is new, and the one-query
permission loader in front of ModelBackend."""

import datetime as dt

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demo.factories.forums import MemberFactory, PostFactory, TopicFactory
from forums import listing
from forums.models import BoardWatch, ForumSettings, Topic, TopicRead


def make_topics(board, count):
    """`count` topics, the newest last, with distinct last-post times."""
    start = timezone.now() - dt.timedelta(days=1)
    topics = []
    for n in range(count):
        topic = TopicFactory(board=board, title=f"Thread {n:03d}")
        Topic.objects.filter(pk=topic.pk).update(last_post_at=start + dt.timedelta(minutes=n))
        topics.append(topic)
    return topics


def titles(response):
    return [row.split("</a>")[0] for row in response.content.decode().split('/">Thread ')[1:]]


def test_board_pages_follow_the_listing_order_and_out_of_range_numbers_give_the_last_page(client, board):
    make_topics(board, 60)  # three pages of 25, 25, 10
    TopicFactory(board=board, title="Thread pinned", is_pinned=True)
    pages = [titles(client.get(f"{board.url}?page={n}")) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [25, 25, 11]
    assert pages[0][0] == "pinned"  # pinned first, then newest activity first
    expected = [f"{n:03d}" for n in range(59, -1, -1)]
    assert [t for page in pages for t in page if t != "pinned"] == expected
    last = titles(client.get(f"{board.url}?page=3"))
    for bad in ("99", "0", "-1", "99999999999999999999999999"):
        response = client.get(f"{board.url}?page={bad}")
        assert response.status_code == 200, bad
        assert titles(response) == last, bad
        assert "page 3 of 3" in response.content.decode()
    assert titles(client.get(f"{board.url}?page=abc")) == pages[0]


def test_empty_board_at_any_page_number(client, board):
    response = client.get(f"{board.url}?page=5")
    assert response.status_code == 200
    assert "No topics yet" in response.content.decode()


def test_deep_board_page_costs_what_page_one_costs_and_skips_no_joined_rows(client, board):
    make_topics(board, 60)
    client.get(board.url)
    with CaptureQueriesContext(connection) as first:
        client.get(board.url)
    with CaptureQueriesContext(connection) as deep:
        client.get(f"{board.url}?page=3")
    assert len(first.captured_queries) == len(deep.captured_queries)
    (listing_sql,) = [q["sql"] for q in deep.captured_queries if 'FROM "forums_topic"' in q["sql"]]
    # The offset is walked by the key subquery alone; the joined query fetches 25 keys.
    outer, keys = listing_sql.split("IN (SELECT", 1)
    assert "OFFSET" not in outer and "OFFSET 50" in keys
    assert "JOIN" in outer and "JOIN" not in keys.split(")")[0]


def test_topic_pages_by_number(client, board):
    topic = TopicFactory(board=board)
    for n in range(45):
        PostFactory(topic=topic, body=f"Reply {n:02d} here")
    pages = [client.get(f"{topic.url}?page={n}").content.decode() for n in (1, 2, 3)]
    assert "Reply 00 here" in pages[0] and "Reply 18 here" in pages[0] and "Reply 19 here" in pages[1]
    assert "Reply 44 here" in pages[2]
    assert client.get(f"{topic.url}?page=7").content.decode().count("Reply 44 here") == 1
    assert client.get(f"{topic.url}?page=x").status_code == 200


def test_unread_markers_and_watch_state_in_the_listing_query(client, board, member):
    client.force_login(member.user)
    older, newer = make_topics(board, 2)
    TopicRead.objects.create(user=member.user, topic=older, read_at=timezone.now())
    BoardWatch.objects.create(user=member.user, board=board)
    page_obj, _, found_member, watching = listing.board_topics(board, member.user, None)
    assert found_member == member and watching is True
    unread = {topic.pk: topic.is_unread for topic in page_obj.object_list}
    # Read since its last post: not new; never read and active since the member joined: new.
    assert unread == {older.pk: False, newer.pk: True}
    PostFactory(topic=older, author=MemberFactory().user)
    page_obj, *_ = listing.board_topics(board, member.user, None)
    assert {t.pk: t.is_unread for t in page_obj.object_list}[older.pk] is True
    content = client.get(board.url).content.decode()
    assert "Stop watching this board" in content and "badge--new" in content


def test_watch_state_on_an_empty_board(client, board, member):
    client.force_login(member.user)
    BoardWatch.objects.create(user=member.user, board=board)
    assert "Stop watching this board" in client.get(board.url).content.decode()


def test_read_marker_written_only_when_the_topic_has_something_new(client, board, member):
    client.force_login(member.user)
    topic = TopicFactory(board=board)
    client.get(topic.url)
    first = TopicRead.objects.get(user=member.user, topic=topic).read_at
    with CaptureQueriesContext(connection) as again:
        client.get(topic.url)
    assert not [q for q in again.captured_queries if "forums_topicread" in q["sql"] and "INSERT" in q["sql"]]
    assert TopicRead.objects.get(user=member.user, topic=topic).read_at == first
    PostFactory(topic=topic, author=MemberFactory().user)
    client.get(topic.url)
    assert TopicRead.objects.get(user=member.user, topic=topic).read_at > first
    board_page = client.get(board.url).content.decode()
    assert "badge--new" not in board_page


def test_permissions_loaded_in_one_query_as_model_backend_would(db):
    user = MemberFactory().user
    group = Group.objects.create(name="Editors of things")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.user_permissions.add(Permission.objects.get(codename="change_forumsettings"))
    user.groups.add(group)
    expected = ModelBackend().get_all_permissions(type(user).objects.get(pk=user.pk))
    fresh = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as ctx:
        assert fresh.has_perm("wagtailadmin.access_admin")
        assert fresh.has_perm("forums.change_forumsettings")
        assert not fresh.has_perm("forums.delete_topic")
    assert len(ctx.captured_queries) == 1
    assert fresh.get_all_permissions() == expected
    other = MemberFactory().user
    assert not type(other).objects.get(pk=other.pk).has_perm("wagtailadmin.access_admin")


def test_forum_settings_read_from_the_shared_cache_and_fresh_after_a_save(
    shared_cache, site, django_capture_on_commit_callbacks
):
    ForumSettings.for_site(site)
    with CaptureQueriesContext(connection) as ctx:
        assert ForumSettings.for_site(site).crisis_notice
    assert ctx.captured_queries == []
    with django_capture_on_commit_callbacks(execute=True):
        settings = ForumSettings.for_site(site)
        settings.crisis_notice = "Call or text 988 now."
        settings.save()
    assert ForumSettings.for_site(site).crisis_notice == "Call or text 988 now."


def test_member_and_verified_email_in_one_query(member):
    from django.contrib.auth import get_user_model

    from forums import policy

    user = get_user_model().objects.get(pk=member.user.pk)
    with CaptureQueriesContext(connection) as ctx:
        assert policy.member_of(user) == member
        assert policy.is_verified_account(user)
    assert len(ctx.captured_queries) == 1
    stranger = get_user_model().objects.create_user("no-member", "nobody@example.org", "x")
    assert policy.member_of(stranger) is None and not policy.is_verified_account(stranger)


def test_unsigned_page_numbers_never_fail(client, board):
    make_topics(board, 3)
    for bad in ("", "1.5", "%00", "1e9", "٣"):
        assert client.get(board.url, {"page": bad}).status_code == 200
    assert Client().get(board.url + "?page=2&page=1").status_code == 200
