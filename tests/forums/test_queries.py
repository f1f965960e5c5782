"""Board and topic pages make the same number of queries whatever the data size and page
number, within the budgets of issue 15 (signed in: at most 8), with the page cache on as in
production (routing, settings and menus from the shared cache; whole pages off, as for
members and on a miss).

Signed in, 5: the page's route, the session, the user (with the member profile and the facts
the policy and the user bar read: `komensite.auth_backends.MemberBackend`), then the page's
own queries (board: the listing and the slow-mode notice; topic: the topic and its posts).
Before session 6 it was 7 and 8 (the member facts, the groups and the user bar's permission
set were queries of their own)."""

from django.test import Client

from demo.factories.forums import MemberFactory, PostFactory, TopicFactory
from forums.models import ForumSettings
from tests.utils import count_queries

SIGNED_IN_BUDGET = 5
ANONYMOUS_BUDGET = 4


def many_authors_topics(board, count):
    for _ in range(count):
        topic = TopicFactory(board=board, author=MemberFactory().user)
        PostFactory(topic=topic, author=MemberFactory().user)


def test_board_page_queries_constant(board, member, django_assert_max_num_queries):
    reader = Client()
    reader.force_login(member.user)
    anonymous = Client()
    many_authors_topics(board, 3)
    anonymous.get(board.url), reader.get(board.url)  # warm Wagtail's site and settings caches
    counts_small = [count_queries(c.get, board.url)[1] for c in (anonymous, reader)]
    many_authors_topics(board, 30)  # more than a page of topics, each with its own authors
    counts_large = [count_queries(c.get, board.url)[1] for c in (anonymous, reader)]
    counts_page2 = [count_queries(c.get, board.url + "?page=2")[1] for c in (anonymous, reader)]
    assert counts_small == counts_large == counts_page2, (counts_small, counts_large, counts_page2)
    # 25: the moderator tools added the board's slow-mode notice (one query, any data size).
    with django_assert_max_num_queries(25):
        reader.get(board.url)


def test_topic_page_queries_constant(board, member, django_assert_max_num_queries):
    reader = Client()
    reader.force_login(member.user)
    anonymous = Client()
    topic = TopicFactory(board=board)
    for _ in range(2):
        PostFactory(topic=topic, author=MemberFactory().user)
    anonymous.get(topic.url)
    reader.get(topic.url)  # first visit creates the read marker
    counts_small = [count_queries(c.get, topic.url)[1] for c in (anonymous, reader)]
    for _ in range(40):
        PostFactory(topic=topic, author=MemberFactory().user)
    reader.get(topic.url)  # reading the new replies moves the marker (one write, then none)
    counts_large = [count_queries(c.get, topic.url + "?page=2")[1] for c in (anonymous, reader)]
    assert counts_small == counts_large, (counts_small, counts_large)
    with django_assert_max_num_queries(26):
        reader.get(topic.url)


def test_signed_in_board_and_topic_within_budget_at_two_sizes(
    shared_cache, board, member, django_assert_max_num_queries
):
    reader = Client()
    reader.force_login(member.user)
    anonymous = Client()
    many_authors_topics(board, 3)
    topic = TopicFactory(board=board, author=MemberFactory().user)
    for _ in range(2):
        PostFactory(topic=topic, author=MemberFactory().user)
    urls = [board.url, topic.url]
    for client in (anonymous, reader):
        for url in urls:
            client.get(url)  # warm the shared cache; the member's first visit writes the marker

    def counts():
        return [count_queries(c.get, url)[1] for c in (anonymous, reader) for url in urls]

    small = counts()
    many_authors_topics(board, 60)  # three board pages, each topic with its own authors
    for _ in range(45):  # three topic pages
        PostFactory(topic=topic, author=MemberFactory().user)
    reader.get(topic.url)  # the member reads the new replies
    large = counts()
    deep = [
        count_queries(c.get, url)[1]
        for c in (anonymous, reader)
        for url in (board.url + "?page=3", topic.url + "?page=3")
    ]
    assert small == large == deep, (small, large, deep)
    anonymous_board, anonymous_topic, member_board, member_topic = large
    assert max(anonymous_board, anonymous_topic) <= ANONYMOUS_BUDGET, large
    assert max(member_board, member_topic) <= SIGNED_IN_BUDGET, large
    with django_assert_max_num_queries(SIGNED_IN_BUDGET):
        assert reader.get(board.url + "?page=2").status_code == 200
    with django_assert_max_num_queries(SIGNED_IN_BUDGET):
        assert reader.get(topic.url + "?page=2").status_code == 200


def test_forum_index_queries_constant(forum, django_assert_max_num_queries):
    from demo.factories.forums import BoardPageFactory

    client = Client()
    BoardPageFactory(parent=forum)
    client.get(forum.url)
    small = count_queries(client.get, forum.url)[1]
    for _ in range(5):
        board = BoardPageFactory(parent=forum)
        TopicFactory(board=board)
    assert count_queries(client.get, forum.url)[1] == small


def test_the_guidelines_link_costs_no_query(
    shared_cache, board, member, home, django_capture_on_commit_callbacks
):
    """The forum settings are cached with their guidelines page: the link on every board and
    topic page was the ninth query of a signed-in topic page in `make bench`."""
    settings = ForumSettings.for_site(board.get_site())
    settings.guidelines_page = home
    with django_capture_on_commit_callbacks(execute=True):  # drops the cached settings
        settings.save()
    reader = Client()
    reader.force_login(member.user)
    topic = TopicFactory(board=board, author=MemberFactory().user, posts=2)
    for client, budget in ((Client(), ANONYMOUS_BUDGET), (reader, SIGNED_IN_BUDGET)):
        client.get(topic.url)  # warm the shared cache (and the member's read marker)
        response, queries = count_queries(client.get, topic.url)
        assert "Community guidelines" in response.content.decode()
        assert queries <= budget, queries
