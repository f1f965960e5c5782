"""The moderation queue: what it lists, in which order, for whom, and at what cost."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from demo.factories.forums import (
    CannedResponseFactory,
    MemberFactory,
    PostFactory,
    ReportFactory,
    TopicFactory,
)
from forums import actions
from forums.models import Status
from tests.utils import count_queries


def test_queue_lists_held_and_reported_posts_crisis_first_then_oldest(
    board, other_board, moderator, mod_client
):
    now = timezone.now()
    old_held = PostFactory(topic=TopicFactory(board=board), body="Old held", status=Status.HELD)
    old_held.created_at = now - dt.timedelta(days=2)
    old_held.save()
    PostFactory(topic=TopicFactory(board=board), body="New held", status=Status.HELD)
    reported = PostFactory(topic=TopicFactory(board=board), body="Reported spam")
    ReportFactory(post=reported, created_at=now - dt.timedelta(days=1))
    crisis = PostFactory(topic=TopicFactory(board=board), body="Crisis words")
    ReportFactory(post=crisis, reason="crisis", created_at=now)
    PostFactory(topic=TopicFactory(board=other_board), body="Other board held", status=Status.HELD)
    PostFactory(topic=TopicFactory(board=board), body="Nothing wrong")
    html = mod_client.get("/moderation/").content.decode()
    order = [html.index(text) for text in ("Crisis words", "Old held", "Reported spam", "New held")]
    assert order == sorted(order)
    assert "Other board held" not in html and "Nothing wrong" not in html
    assert "2 posts awaiting review, 2 open reports" in html and "1 crisis report" in html
    assert 'role="status"' in html
    # dismissing the crisis report takes the post out of the queue
    actions.dismiss_report(moderator.user, crisis.reports.get())
    assert "Crisis words" not in mod_client.get("/moderation/").content.decode()


def test_queue_shows_context_and_author_history(board, moderator, mod_client):
    author = MemberFactory(display_name="Pat")
    topic = TopicFactory(board=board, title="Chemo brain")
    PostFactory(topic=topic, body="The message before")
    earlier = PostFactory(topic=topic, author=author.user, body="Earlier words")
    actions.hide(moderator.user, earlier, "Rude")
    PostFactory(topic=topic, author=author.user, body="Held words", status=Status.HELD)
    CannedResponseFactory(title="Be kind", text="Please be kind")
    html = mod_client.get("/moderation/").content.decode()
    assert "Chemo brain" in html and "The message before" in html
    assert "Author: Pat" in html and "2 posts (0 visible)" in html
    assert "1 earlier moderation action" in html and "Hid post by ModAlex" in html and "Rude" in html
    assert 'data-text="Please be kind"' in html and "Be kind" in html
    assert 'href="/moderation/"' in mod_client.get("/members/profile/").content.decode()


def test_queue_is_for_moderators_only(member_client, board):
    assert Client().get("/moderation/").status_code == 302
    assert member_client.get("/moderation/").status_code == 403
    assert member_client.get("/moderation/log/").status_code == 403
    assert 'href="/moderation/"' not in member_client.get("/members/profile/").content.decode()


def _fill(board, count):
    for n in range(count):
        author = MemberFactory()
        post = PostFactory(topic=TopicFactory(board=board, author=author.user), author=author.user)
        if n % 2:
            post.status = Status.HELD
            post.save()
        ReportFactory(post=post, reason="crisis" if n % 3 == 0 else "spam")
        actions.log_action(None, "warn", author, board, "earlier warning")


def test_queue_query_count_is_constant(board, moderator, django_assert_max_num_queries):
    client = Client()
    client.force_login(moderator.user)
    CannedResponseFactory()
    _fill(board, 3)
    client.get("/moderation/")  # warm site and settings caches
    small = count_queries(client.get, "/moderation/")[1]
    _fill(board, 25)  # more than a page
    large = count_queries(client.get, "/moderation/")[1]
    page2 = count_queries(client.get, "/moderation/?page=2")[1]
    assert small == large == page2, (small, large, page2)
    with django_assert_max_num_queries(20):
        response = client.get("/moderation/")
    assert response.status_code == 200
    assert client.get("/moderation/?page=999").status_code == 200  # last page, not an error
    assert client.get("/moderation/?page=x").status_code == 200
