"""The board's count of visible topics, kept by the database with the board's generation
(forums/migrations/0028_board_visible_topics.py) and read by the board page's listing (issue 15)."""

import pytest
from bs4 import BeautifulSoup
from django.core.paginator import Paginator
from django.db import connection
from django.test import Client
from django.utils import translation

from demo.factories.forums import TopicFactory
from forums import actions, listing, posting
from forums.models import BoardGeneration, Status, Topic
from tests.utils import second_waits_for_first

pytestmark = pytest.mark.django_db


def kept(board):
    return BoardGeneration.objects.filter(board_id=board.pk).values_list("visible_topics", flat=True).first()


def live(board):
    return Topic.objects.filter(board=board, status=Status.VISIBLE).count()


def assert_counted(*boards):
    for board in boards:
        assert kept(board) == live(board), board.title


def shown_count(board):
    html = BeautifulSoup(Client().get(board.url).content, "html.parser")
    return html.select_one(".result-count").get_text(" ", strip=True)


def test_every_way_topics_change_keeps_the_count(board, other_board, lead, member):
    first = TopicFactory(board=board, title="First", posts=1)
    TopicFactory(board=board, title="Second", posts=1)
    TopicFactory(board=board, title="Held", status=Status.HELD, posts=1)
    assert kept(board) == 2
    assert_counted(board)

    posting.reply_to(first, member, "A reply moves the topic's date, not its count")
    assert_counted(board)
    Topic.objects.filter(pk=first.pk).update(status=Status.HIDDEN)
    assert kept(board) == 1
    assert_counted(board)

    held = Topic.objects.get(title="Held")
    Topic.objects.filter(pk=held.pk).update(status=Status.VISIBLE)  # an approval
    assert kept(board) == 2

    second = Topic.objects.get(title="Second")
    actions.move(lead.user, second, other_board)
    assert (kept(board), kept(other_board)) == (1, 1)
    assert_counted(board, other_board)

    Topic.objects.bulk_create([Topic(board=board, title=f"Bulk {n}", author=member.user) for n in range(5)])
    assert kept(board) == 6
    Topic.objects.filter(board=board, title__startswith="Bulk").update(status=Status.DELETED)
    assert kept(board) == 1
    Topic.objects.filter(board=board).delete()
    assert kept(board) == 0
    assert_counted(board, other_board)


def test_the_board_page_shows_the_kept_count(board):
    for n in range(3):
        TopicFactory(board=board, title=f"Topic {n}", posts=1)
    assert kept(board) == 3
    assert shown_count(board).startswith("3 topics")
    # The number shown is the kept one, not a count made for the page (a value only the kept
    # count could give: nothing writes it but the triggers).
    BoardGeneration.objects.filter(board_id=board.pk).update(visible_topics=7)
    assert shown_count(board).startswith("7 topics")


def test_without_a_kept_count_the_listing_counts_in_the_same_statement(board, django_assert_num_queries):
    for n in range(3):
        TopicFactory(board=board, title=f"Topic {n}", posts=1)
    BoardGeneration.objects.filter(board_id=board.pk).update(visible_topics=None)
    with django_assert_num_queries(1):
        page_obj, _elided, _member, _watching = listing.board_topics(board, None, "1")
    assert page_obj.paginator.count == 3
    BoardGeneration.objects.filter(board_id=board.pk).delete()
    with django_assert_num_queries(1):
        page_obj, _elided, _member, _watching = listing.board_topics(board, None, "1")
    assert page_obj.paginator.count == 3


def test_a_truncate_of_topics_leaves_no_count_behind(board):
    TopicFactory(board=board, posts=1)
    assert kept(board) == 1
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the inserts' deferred key checks first
        cursor.execute("TRUNCATE forums_topic CASCADE")
    assert kept(board) == 0


# Threads need committed rows; serialized_rollback restores what the migrations made (Wagtail's
# root page, the default site) for the tests that follow, as in test_concurrency.py.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_topics_on_one_board_are_both_counted(board, member):
    """Two transactions add a topic to the same board at once: the second's recount waits for
    the first's commit (the board's row lock) and then sees both topics."""
    TopicFactory(board=board, posts=0)
    before = kept(board)
    errors = second_waits_for_first(  # the second's recount waits for the board's row
        lambda: Topic.objects.create(board=board, title="First at once", author=member.user),
        lambda: Topic.objects.create(board=board, title="Second at once", author=member.user),
    )
    assert not errors
    assert kept(board) == before + 2 == live(board)


def topic_count_line(client, url):
    html = BeautifulSoup(client.get(url).content, "html.parser")
    return html.select_one(".result-count").get_text(" ", strip=True)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_topic_page_says_how_many_messages_and_which_page(board, member, signed_in):
    client = Client()
    if signed_in:
        client.force_login(member.user)
    one = TopicFactory(board=board, posts=0)  # the opening post alone
    assert topic_count_line(client, one.url) == "1 message"
    long = TopicFactory(board=board, posts=board.POSTS_PER_PAGE * 2)
    total = long.posts.count()
    assert topic_count_line(client, long.url) == f"{total} messages, page 1 of 3"
    assert topic_count_line(client, long.url + "?page=3") == f"{total} messages, page 3 of 3"


def test_the_count_sentence_in_spanish():
    paginator = Paginator(list(range(41)), 20)
    with translation.override("es"):
        assert listing.count_sentence(paginator.page(2)) == "41 mensajes, página 2 de 3"
        assert listing.count_sentence(Paginator([1], 20).page(1)) == "1 mensaje"
        assert listing.count_sentence(Paginator([1, 2], 20).page(1)) == "2 mensajes"
