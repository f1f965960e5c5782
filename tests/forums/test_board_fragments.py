"""The board page's topic rows from the shared cache (forums.board_fragments), with the real
Redis `make test` starts: rendered once and shared by readers, never stale after a reply, an
edit, a rename, a deleted account, a lock or a pin, never holding a held or hidden post, and
never showing one member's unread markers to another."""

from django.test import Client, RequestFactory
from django.utils import timezone, translation

from demo.factories.forums import MemberFactory, PostFactory, TopicFactory
from forums import actions, board_fragments, listing, posting, privacy
from forums.models import Post, Status, TopicRead
from forums.models.members import author_display_name, display_name_of

ROW = board_fragments.ROW_TEMPLATE


def rows_rendered(response):
    return sum(1 for template in response.templates if template.name == ROW)


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def signed_in(member):
    client = Client()
    client.force_login(member.user)
    return client


def test_rows_are_rendered_once_and_shared_by_readers(redis_cache, board, member):
    for n in range(3):
        TopicFactory(board=board, title=f"<script>alert({n})</script>", posts=1)
    first = Client().get(board.url)
    assert rows_rendered(first) == 3
    again = Client().get(board.url)
    assert rows_rendered(again) == 0  # all three from Redis
    page = html(again)
    assert page.count("<tr") == 4  # the heading row and three topics
    assert "<script>alert(" not in page and "&lt;script&gt;alert(0)&lt;/script&gt;" in page
    # A member for whom nothing is new shares the anonymous rows.
    TopicRead.objects.bulk_create(
        TopicRead(user=member.user, topic=topic, read_at=timezone.now()) for topic in board.topics.all()
    )
    reader_page = signed_in(member).get(board.url)
    assert rows_rendered(reader_page) == 0
    assert html(reader_page).count("<tr") == 4


def test_a_new_topic_and_a_reply_show_at_once(redis_cache, board, member):
    topic = TopicFactory(board=board, title="First days", posts=0)
    page = html(Client().get(board.url))
    assert "First days" in page and "<td>0</td>" in page
    replier = MemberFactory(display_name="Juniper")
    posting.reply_to(topic, replier, "Welcome, you are not alone.")
    posting.start_topic(board, member, "Second opinions", "Who did you ask?")
    page = html(Client().get(board.url))
    assert "Second opinions" in page
    assert "<td>1</td>" in page and "Juniper<br>" in page


def test_a_title_edit_a_lock_and_a_pin_show_at_once(redis_cache, board, moderator):
    topic = TopicFactory(board=board, title="Old title", posts=1)
    TopicFactory(board=board, title="Another topic", posts=1)
    assert "Old title" in html(Client().get(board.url))
    opening = topic.posts.get(is_first=True)
    posting.edit_post(opening, topic.author, "Same words", title="New title")
    page = html(Client().get(board.url))
    assert "New title" in page and "Old title" not in page
    assert 'class="badge">Locked' not in page and 'class="badge">Pinned' not in page
    topic.refresh_from_db()
    actions.lock(moderator.user, topic)
    assert 'class="badge">Locked' in html(Client().get(board.url))
    actions.pin(moderator.user, topic)
    page = html(Client().get(board.url))
    assert 'class="badge">Pinned' in page
    assert page.index("New title") < page.index("Another topic")  # pinned first
    actions.unlock(moderator.user, topic)
    assert 'class="badge">Locked' not in html(Client().get(board.url))


def test_renames_and_deleted_accounts_show_at_once(redis_cache, board):
    author = MemberFactory(display_name="Willow")
    replier = MemberFactory(display_name="Rowan")
    topic = TopicFactory(board=board, author=author.user, posts=0)
    PostFactory(topic=topic, author=replier.user)
    page = html(Client().get(board.url))
    assert "by Willow" in page and "Rowan<br>" in page
    author.display_name = "Aspen"
    author.save()
    replier.display_name = "Hazel"
    replier.save()
    page = html(Client().get(board.url))
    assert "by Aspen" in page and "Hazel<br>" in page
    assert "Willow" not in page and "Rowan" not in page
    privacy.delete_account(replier.user, privacy.KEEP_POSTS)
    page = html(Client().get(board.url))
    assert "Hazel" not in page and f"{author_display_name(None)}<br>" in page


def test_names_as_the_models_give_them():
    """The listing's values give the names `author_display_name` gives from the models."""
    assert display_name_of(None, None) == author_display_name(None)
    assert display_name_of(7, None) == "Member"
    assert display_name_of(7, "Sage") == "Sage"


def test_a_held_topic_is_never_in_a_row(redis_cache, board, moderator, member):
    held = TopicFactory(
        board=board, title="Held for review", status=Status.HELD, posts=[{"status": Status.HELD}]
    )
    TopicFactory(board=board, title="Visible topic", posts=1)
    mod = signed_in(moderator)
    for client in (Client(), signed_in(member), mod, signed_in(MemberFactory())):
        assert "Held for review" not in html(client.get(board.url))
    actions.approve(moderator.user, held.posts.get())
    assert "Held for review" in html(Client().get(board.url))  # approved: shown at once


def test_a_hidden_last_post_leaves_the_row_at_once(redis_cache, board, moderator):
    topic = TopicFactory(board=board, author=MemberFactory(display_name="Opener").user, posts=0)
    reply = PostFactory(topic=topic, author=MemberFactory(display_name="Troll").user)
    assert "Troll<br>" in html(Client().get(board.url))
    actions.hide(moderator.user, reply)
    page = html(Client().get(board.url))
    assert "Troll" not in page and "Opener<br>" in page and "<td>0</td>" in page


def test_a_row_whose_last_post_is_not_visible_is_never_stored(redis_cache, board):
    """A moderator hid the last post and the topic's counters are not refreshed yet: the row
    is rendered for each request, never stored."""
    topic = TopicFactory(board=board, posts=0)
    reply = PostFactory(topic=topic, author=MemberFactory(display_name="Held poster").user)
    TopicFactory(board=board, posts=1)
    Post.objects.filter(pk=reply.pk).update(status=Status.HELD)
    assert rows_rendered(Client().get(board.url)) == 2
    assert rows_rendered(Client().get(board.url)) == 1  # the other row came from Redis
    rows = listing.board_topics(board, None, None)[0].object_list
    request = RequestFactory().get(board.url)
    board_fragments.attach_rows(request, board, rows)
    (unstored,) = [row for row in rows if row.pk == topic.pk]
    assert redis_cache.get(board_fragments.row_key(unstored)) is None


def test_two_members_never_see_each_others_unread_markers(redis_cache, board, member, other_member):
    read_by_one = TopicFactory(board=board, title="Read by one", posts=1)
    TopicRead.objects.create(user=member.user, topic=read_by_one, read_at=timezone.now())
    TopicRead.objects.create(user=other_member.user, topic=read_by_one, read_at=read_by_one.created_at)
    PostFactory(topic=read_by_one, author=MemberFactory().user)  # new since other_member read it
    TopicRead.objects.filter(user=member.user).update(read_at=timezone.now())
    one, other = signed_in(member), signed_in(other_member)
    for _ in range(2):  # the second round from Redis
        assert "badge--new" not in html(one.get(board.url))
        assert "badge--new" in html(other.get(board.url))
        assert "badge--new" not in html(Client().get(board.url))
    assert rows_rendered(one.get(board.url)) == rows_rendered(other.get(board.url)) == 0


def test_rows_are_kept_per_language(redis_cache, board):
    TopicFactory(board=board, author=MemberFactory(display_name="Ivy").user, posts=1)
    request = RequestFactory().get(board.url)

    def row(language):
        with translation.override(language):
            (topic,) = listing.board_topics(board, None, None)[0].object_list
            board_fragments.attach_rows(request, board, [topic])
            return board_fragments.row_key(topic), str(topic.row_html)

    english_key, english = row("en")
    spanish_key, spanish = row("es")
    assert english_key != spanish_key
    assert "by Ivy" in english and "por Ivy" in spanish
    assert row("en") == (english_key, english) and row("es") == (spanish_key, spanish)
    assert redis_cache.get(spanish_key) == spanish
