"""Who reads what: public and members-only boards, and what search shows."""

from django.test import Client

from demo.factories.forums import MemberFactory, PostFactory, TopicFactory
from forums.models import Status


def test_public_board_is_readable_by_everyone(client, board):
    topic = TopicFactory(board=board, title="Open conversation")
    assert client.get(board.url).status_code == 200
    assert "Open conversation" in client.get(board.url).content.decode()
    assert client.get(topic.url).status_code == 200


def test_members_only_board_hides_everything_from_visitors(client, private_board, member):
    topic = TopicFactory(board=private_board, title="Private words")
    post = topic.posts.get()
    for url in [
        private_board.url,
        topic.url,
        private_board.url + "search/?q=private",
        private_board.url + "new/",
        topic.url + "reply/",
        private_board.url + f"posts/{post.pk}/edit/",
    ]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Private words" not in response.content.decode()
        assert "for members only" in response.content.decode()
    client.force_login(member.user)
    assert "Private words" in client.get(private_board.url).content.decode()
    assert client.get(topic.url).status_code == 200


def test_index_lists_boards_with_members_only_label(client, forum, board, private_board):
    TopicFactory(board=board)
    html = client.get(forum.url).content.decode()
    assert "Newly Diagnosed" in html and "Living with MBC" in html and "Members only" in html
    assert "1 topic" in html


def test_hidden_removed_deleted_and_held_content_is_not_listed(client, board):
    shown = TopicFactory(board=board, title="Shown topic")
    for status in (Status.HIDDEN, Status.REMOVED, Status.DELETED, Status.HELD):
        TopicFactory(board=board, title=f"Topic {status}", status=status)
    hidden_reply = PostFactory(topic=shown, body="Hidden reply text", status=Status.HIDDEN)
    html = client.get(board.url).content.decode()
    assert "Shown topic" in html
    for status in (Status.HIDDEN, Status.REMOVED, Status.DELETED, Status.HELD):
        assert f"Topic {status}" not in html
    assert "1 topic" in html
    shown.refresh_from_db()
    assert shown.reply_count == 0
    assert hidden_reply.body not in client.get(shown.url).content.decode()


def test_board_search_finds_visible_posts_only(client, board):
    topic = TopicFactory(board=board, title="Radiation fatigue")
    PostFactory(topic=topic, body="Radiation made me tired for weeks")
    PostFactory(topic=topic, body="Radiation secret hidden", status=Status.HIDDEN)
    PostFactory(topic=topic, body="Radiation held for review", status=Status.HELD)
    response = client.get(board.url + "search/", {"q": "radiation"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Radiation made me tired" in body
    assert "secret hidden" not in body and "held for review" not in body
    assert 'role="status"' in body
    assert client.get(board.url + "search/", {"q": "x" * 500 + "\x00"}).status_code == 200
    assert client.get(board.url + "search/", {"q": "radiation", "page": "zzz"}).status_code == 200


def test_site_search_shows_posts_from_boards_the_reader_may_read(board, private_board):
    public_topic = TopicFactory(board=board, title="Lymphedema sleeves")
    PostFactory(topic=public_topic, body="Lymphedema sleeve tips from my therapist")
    private_topic = TopicFactory(board=private_board, title="Lymphedema after surgery")
    PostFactory(topic=private_topic, body="Lymphedema private story")
    removed_topic = TopicFactory(board=board, title="Removed", status=Status.REMOVED)
    PostFactory(topic=removed_topic, body="Lymphedema removed words")

    visitor = Client().get("/search/", {"q": "lymphedema"}).content.decode()
    assert "Message board posts" in visitor
    assert "sleeve tips" in visitor
    assert "private story" not in visitor and "removed words" not in visitor

    member = MemberFactory()
    signed_in = Client()
    signed_in.force_login(member.user)
    html = signed_in.get("/search/", {"q": "lymphedema"}).content.decode()
    assert "private story" in html and "removed words" not in html


def test_member_profiles_respect_visibility(client, member):
    public = MemberFactory(display_name="Sunny", profile_visibility="public")
    assert client.get(f"/members/{public.pk}/").status_code == 200
    hidden = client.get(f"/members/{member.pk}/")
    assert hidden.status_code == 403 and member.display_name not in hidden.content.decode()
    client.force_login(public.user)
    assert client.get(f"/members/{member.pk}/").status_code == 200
    assert client.get("/members/999999/").status_code == 404


def test_board_pages_show_helpline_and_crisis_notice(client, board, site):
    from forums.models import ForumSettings

    config = ForumSettings.for_site(site)
    config.crisis_notice = "In crisis? Call 988 right now."
    config.save()
    topic = TopicFactory(board=board)
    for url in (board.url, topic.url, board.url + "search/"):
        html = client.get(url).content.decode()
        assert "In crisis? Call 988 right now." in html, url
        assert 'class="board-support"' in html and "helpline__phone" in html, url
