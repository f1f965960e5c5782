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
from forums.models import Post, Status
from tests.utils import count_queries

# What a queue page costs whatever its size (14 with the test client's session; it was 20, then
# 19, 17, 18, and 17 again since the queue shows no Wagtail user bar, whose permission query it
# paid; 14 since issue 15's session 20): the session with its user and their groups, the
# moderator's boards, the page's keys with the header's counts in one statement, the page's
# posts, their boards and reports, the authors' history (2), saved responses, private-message
# reports, and the site's shared ones. A lead moderator's queue reads no list of boards. (The
# page's boards are one query for the few boards of a page since issue 15's fifth round: joined
# to each post they were built 20 times, 5 ms a page.)
QUEUE_QUERIES = 14


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
    with django_assert_max_num_queries(QUEUE_QUERIES):
        response = client.get("/moderation/")
    assert response.status_code == 200
    assert client.get("/moderation/?page=999").status_code == 200  # last page, not an error
    assert client.get("/moderation/?page=x").status_code == 200
    for number in ("0", "-1", "1000000000000000000", "99999999999999999999999"):  # the last page
        assert client.get(f"/moderation/?page={number}").status_code == 200


def _hold(board, count, start=0):
    """`count` held replies by count // 10 authors, created in bulk (issue 15's 1,000 held posts)."""
    authors = [MemberFactory().user for _ in range(max(1, count // 10))]
    topic = TopicFactory(board=board)
    Post.objects.bulk_create(
        Post(
            topic=topic,
            board=board,
            author=authors[n % len(authors)],
            body=f"Held reply {start + n}",
            body_html=f"<p>Held reply {start + n}</p>",
            status=Status.HELD,
        )
        for n in range(count)
    )


def test_queue_query_budget_is_the_same_with_30_and_300_held_posts(
    board, moderator, django_assert_max_num_queries
):
    """Issue 15: the queue's cost does not grow with the number of held posts (the bench holds
    1,000): one query orders the keys, the page's 20 posts are loaded by id."""
    client = Client()
    client.force_login(moderator.user)
    CannedResponseFactory()
    _hold(board, 30)
    crisis = PostFactory(topic=TopicFactory(board=board), body="Crisis words")
    ReportFactory(post=crisis, reason="crisis")
    client.get("/moderation/")  # warm site and settings caches
    with django_assert_max_num_queries(QUEUE_QUERIES):
        small = client.get("/moderation/")
    _hold(board, 270, start=30)
    with django_assert_max_num_queries(QUEUE_QUERIES):
        large = client.get("/moderation/?page=3")
    assert "30 posts awaiting review, 1 open report" in small.content.decode()
    html = large.content.decode()
    assert "300 posts awaiting review, 1 open report" in html
    # Page 3: places 41-60 of the queue, after the crisis post, held replies 39 to 58 in order.
    assert html.count('class="queue-item') == 20
    assert html.index("Held reply 39<") < html.index("Held reply 58<")
    assert "Held reply 38<" not in html and "Held reply 59<" not in html
    first = client.get("/moderation/").content.decode()
    assert first.index("Crisis words") < first.index("Held reply 0<")  # crisis first
    # Action forms point at the post's own action URLs.
    assert f'action="/moderation/posts/{crisis.pk}/hide/"' in first
    held = Post.objects.filter(body="Held reply 0").get()
    assert f'action="/moderation/posts/{held.pk}/approve/"' in first
    assert f'action="/moderation/posts/{held.pk}/reject/"' in first
