"""Board and topic pages make the same number of queries whatever the data size."""

from django.test import Client

from tests.factories.forums import MemberFactory, PostFactory, TopicFactory
from tests.utils import count_queries


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
    counts_large = [count_queries(c.get, topic.url + "?page=2")[1] for c in (anonymous, reader)]
    assert counts_small == counts_large, (counts_small, counts_large)
    with django_assert_max_num_queries(26):
        reader.get(topic.url)


def test_forum_index_queries_constant(forum, django_assert_max_num_queries):
    from tests.factories.forums import BoardPageFactory

    client = Client()
    BoardPageFactory(parent=forum)
    client.get(forum.url)
    small = count_queries(client.get, forum.url)[1]
    for _ in range(5):
        board = BoardPageFactory(parent=forum)
        TopicFactory(board=board)
    assert count_queries(client.get, forum.url)[1] == small
