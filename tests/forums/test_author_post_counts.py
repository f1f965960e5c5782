"""Each author's posts on each board, kept by PostgreSQL triggers
(forums/migrations/0029_author_post_counts.py) and read by the moderation queue's cards
(issue 15)."""

import pytest
from django.db import connection
from django.utils import timezone

from demo.factories.forums import MemberFactory, PostFactory, TopicFactory
from forums import actions, posting, queue_history
from forums.models import AuthorPostCounts, Post, Status, Topic
from forums.privacy import KEEP_POSTS, REMOVE_POSTS, delete_account
from tests.utils import second_waits_for_first

pytestmark = pytest.mark.django_db


def kept(authors, boards=None):
    return {row[0]: row[1:] for row in queue_history._author_counts(authors, boards)}


def live(authors, boards=None):
    return {row[0]: row[1:] for row in queue_history.live_author_counts(authors, boards)}


def assert_counted(authors, *boards):
    """The kept counts equal the posts' own, everywhere and on each board (an author whose
    posts all left keeps a row of zeros: the queue reads it as no row)."""
    ids = [author.user.pk for author in authors]

    def nonzero(counts):
        return {author: pair for author, pair in counts.items() if pair != (0, 0)}

    assert nonzero(kept(ids)) == live(ids)
    for board in boards:
        assert nonzero(kept(ids, [board.pk])) == live(ids, [board.pk]), board.title


def test_the_database_keeps_the_counts_here():
    assert AuthorPostCounts.kept()


def test_every_way_posts_change_keeps_the_counts(board, other_board, lead, member, other_member):
    authors = (member, other_member)
    topic = TopicFactory(board=board, author=member.user, posts=[])
    first = PostFactory(topic=topic, author=member.user, is_first=True)
    assert kept([member.user.pk]) == {member.user.pk: (1, 1)}

    reply = posting.reply_to(topic, other_member, "A reply of my own")
    held = PostFactory(topic=topic, author=member.user, status=Status.HELD)
    assert kept([member.user.pk]) == {member.user.pk: (2, 1)}
    assert_counted(authors, board, other_board)

    actions.approve(lead.user, held)
    assert kept([member.user.pk]) == {member.user.pk: (2, 2)}
    actions.hide(lead.user, Post.objects.get(pk=first.pk), "Off topic")
    assert kept([member.user.pk]) == {member.user.pk: (2, 1)}
    actions.restore(lead.user, Post.objects.get(pk=first.pk))
    assert_counted(authors, board, other_board)

    # An edit, a pending edit and a reply's counters change no count (and no row).
    Post.objects.filter(pk=reply.pk).update(body="Edited", pending_at=timezone.now(), pending_body="Again")
    assert_counted(authors, board, other_board)

    # A move takes every post of the topic to the other board.
    actions.move(lead.user, Topic.objects.get(pk=topic.pk), other_board)
    assert kept([member.user.pk], [board.pk]) == {member.user.pk: (0, 0)}
    assert kept([member.user.pk], [other_board.pk]) == {member.user.pk: (2, 2)}
    assert_counted(authors, board, other_board)

    # Bulk writes, an author's own deletion, and deleted rows.
    Post.objects.bulk_create(
        [Post(topic=topic, board=other_board, author=other_member.user, body=f"Bulk {n}") for n in range(5)]
    )
    assert kept([other_member.user.pk]) == {other_member.user.pk: (6, 6)}
    Post.objects.filter(author=other_member.user, body__startswith="Bulk").update(status=Status.DELETED)
    assert kept([other_member.user.pk]) == {other_member.user.pk: (1, 1)}
    Post.objects.filter(author=other_member.user, status=Status.DELETED).delete()
    assert_counted(authors, board, other_board)
    Topic.objects.filter(pk=topic.pk).delete()  # cascades to its posts
    assert kept([member.user.pk, other_member.user.pk]) == {
        member.user.pk: (0, 0),
        other_member.user.pk: (0, 0),
    }
    assert_counted(authors, board, other_board)


@pytest.mark.parametrize("choice", [KEEP_POSTS, REMOVE_POSTS])
def test_a_deleted_account_leaves_no_count_behind(board, member, other_member, choice):
    topic = TopicFactory(board=board, author=other_member.user, posts=1)
    PostFactory(topic=topic, author=member.user)
    PostFactory(
        topic=TopicFactory(board=board, author=member.user, posts=[]), author=member.user, is_first=True
    )
    user_id = member.user.pk
    assert kept([user_id]) == {user_id: (2, 2)}
    delete_account(member.user, choice)
    # Kept posts are by "Deleted member" now (no author) and count for nobody.
    assert kept([user_id]) == {user_id: (0, 0)}
    assert_counted([other_member], board)


def test_a_truncate_of_posts_empties_the_counts(board, member):
    PostFactory(topic=TopicFactory(board=board, posts=[]), author=member.user)
    assert AuthorPostCounts.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the inserts' deferred key checks first
        cursor.execute("TRUNCATE forums_post CASCADE")
    assert not AuthorPostCounts.objects.exists()


def test_the_recount_gives_what_the_triggers_kept(board, other_board, member, other_member):
    for author, where in ((member, board), (other_member, other_board), (member, other_board)):
        topic = TopicFactory(board=where, posts=[])
        PostFactory(topic=topic, author=author.user)
        PostFactory(topic=topic, author=author.user, status=Status.HELD)
        PostFactory(topic=topic, author=author.user, status=Status.DELETED)
    before = sorted(AuthorPostCounts.objects.values_list("author_id", "board_id", "posts", "visible"))
    AuthorPostCounts.objects.update(posts=99, visible=99)
    with connection.cursor() as cursor:
        cursor.execute("SELECT forums_recount_author_posts()")
    after = sorted(AuthorPostCounts.objects.values_list("author_id", "board_id", "posts", "visible"))
    assert after == before
    assert (member.user.pk, board.pk, 2, 1) in after


def test_the_queue_card_shows_the_kept_counts(board, moderator, mod_client, member):
    topic = TopicFactory(board=board, posts=[])
    PostFactory(topic=topic, author=member.user, status=Status.HELD, body="Please look at this")
    PostFactory(topic=topic, author=member.user)
    assert "2 posts (1 visible)" in mod_client.get("/moderation/").content.decode()
    # The number shown is the kept one, not one counted for the page (a value only the kept
    # counts could give: nothing writes it but the triggers).
    AuthorPostCounts.objects.filter(author_id=member.user.pk).update(posts=41, visible=40)
    assert "41 posts (40 visible)" in mod_client.get("/moderation/").content.decode()


def test_a_board_moderator_sees_counts_on_their_boards_only(board, other_board, moderator, member):
    PostFactory(topic=TopicFactory(board=board, posts=[]), author=member.user, status=Status.HELD)
    other = TopicFactory(board=other_board, posts=[])
    for _ in range(3):
        PostFactory(topic=other, author=member.user)
    history = queue_history.author_history([member.user.pk], [board.pk])
    assert (history[member.user.pk]["posts"], history[member.user.pk]["visible"]) == (1, 0)
    history = queue_history.author_history([member.user.pk], None)
    assert (history[member.user.pk]["posts"], history[member.user.pk]["visible"]) == (4, 3)


# Threads need committed rows; serialized_rollback restores what the migrations made (Wagtail's
# root page, the default site) for the tests that follow, as in test_concurrency.py.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_posts_by_one_author_are_both_counted(board, other_board):
    """Two transactions add posts by one author at once, on two boards, in opposite orders: the
    second's upsert waits for the first's row lock, neither deadlocks, and both count."""
    author = MemberFactory()
    topics = {b.pk: TopicFactory(board=b, posts=[]) for b in (board, other_board)}

    def add(*boards):
        Post.objects.bulk_create(
            [Post(topic=topics[b.pk], board=b, author=author.user, body="At once") for b in boards]
        )

    # The second's upsert waits for the first's lock on the author's rows.
    errors = second_waits_for_first(lambda: add(board, other_board), lambda: add(other_board, board))
    assert not errors
    assert kept([author.user.pk]) == live([author.user.pk]) == {author.user.pk: (4, 4)}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_batch_of_authors_and_a_new_post_do_not_deadlock(board):
    """A moderator's bulk approval writes one author's post, then another's, in one transaction;
    meanwhile the second author posts on the same board. The counts' row locks are taken after
    the board's (the board-generation trigger fires first), so the member's post waits for the
    batch instead of holding the row the batch needs next."""
    first, second = MemberFactory(), MemberFactory()
    topic = TopicFactory(board=board, posts=[])

    def post(author):
        Post.objects.create(topic=topic, board=board, author=author.user, body="Now")

    errors = second_waits_for_first(
        lambda: post(first), lambda: post(second), first_then=lambda: post(second)
    )
    assert not errors
    assert kept([first.user.pk, second.user.pk]) == {first.user.pk: (1, 1), second.user.pk: (2, 2)}
