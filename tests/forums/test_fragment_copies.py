"""Board rows and post fragments copied in the process (core.cache.fragment_store), as in
production (the local tier on), with the real Redis `make test` starts: a page whose fragments
the process has seen asks Redis for none of them; every change still shows at once (it gives a
new key); a held or hidden post is never copied; the copies stay within their bound."""

import pytest
from django.test import override_settings

from core.cache import fragment_store, pagecache
from demo.factories.forums import MemberFactory, PostFactory, TopicFactory
from forums import actions, posting
from forums.models import Status

from .conftest import signed_in


@pytest.fixture
def redis_reads(redis_cache, monkeypatch):
    """The keys each `get_many` asked Redis for (the real call, counted)."""
    asked = []
    real = redis_cache.get_many

    def counted(keys, *args, **kwargs):
        asked.append(list(keys))
        return real(keys, *args, **kwargs)

    monkeypatch.setattr(redis_cache, "get_many", counted)
    return asked


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def fragment_reads(asked):
    return [keys for keys in asked if any(key.startswith("forums:") for key in keys)]


def test_a_page_seen_before_asks_redis_for_none_of_its_fragments(copies_on, redis_reads, board, member):
    topic = TopicFactory(board=board, title="Port placement", posts=4)
    client = signed_in(member)
    for url in (board.url, topic.url):
        html(client, url)
        redis_reads.clear()
        page = html(client, url)
        assert "Port placement" in page and page.count("Reply 3 to Port placement") == (url == topic.url)
        assert fragment_reads(redis_reads) == []
    assert len(copies_on) > 0


def test_changes_show_at_once_with_copies(copies_on, board, moderator):
    topic = TopicFactory(board=board, title="Chemo brain", posts=2)
    reader = signed_in(MemberFactory())
    html(reader, board.url)
    html(reader, topic.url)
    reply = posting.reply_to(topic, MemberFactory(display_name="Juniper"), "Lists help me.")
    assert "Juniper" in html(reader, board.url)
    assert "Lists help me." in html(reader, topic.url)
    actions.hide(moderator.user, reply, reason="Off topic")
    assert "Lists help me." not in html(reader, topic.url)
    topic.title = "Chemo brain tips"
    topic.save()
    assert "Chemo brain tips" in html(reader, board.url)


def test_held_posts_are_never_copied(copies_on, board, member):
    topic = TopicFactory(board=board, posts=1)
    PostFactory(topic=topic, author=member.user, body="Held words only I may see", status=Status.HELD)
    assert "Held words only I may see" in html(signed_in(member), topic.url)
    assert not any("Held words only I may see" in str(copy) for copy in copies_on.values())


def test_the_copies_stay_within_their_bound(copies_on, board, member):
    with override_settings(PAGE_CACHE_LOCAL_FRAGMENTS=3):
        for _ in range(6):
            TopicFactory(board=board, posts=1)
        html(signed_in(member), board.url)
        assert len(copies_on) == 3


def test_off_with_the_local_tier(redis_cache, redis_reads, board, member):
    topic = TopicFactory(board=board, posts=2)
    client = signed_in(member)
    html(client, topic.url)
    redis_reads.clear()
    html(client, topic.url)
    assert fragment_reads(redis_reads) != []
    assert len(pagecache.local.fragments) == 0


def test_a_copy_is_dropped_after_its_time(copies_on, redis_reads, board, member, monkeypatch):
    topic = TopicFactory(board=board, posts=2)
    client = signed_in(member)
    monkeypatch.setattr(fragment_store, "COPY_SECONDS", -1)  # every copy past its time at once
    html(client, topic.url)
    assert len(copies_on) > 0
    redis_reads.clear()
    html(client, topic.url)
    assert fragment_reads(redis_reads) != []
