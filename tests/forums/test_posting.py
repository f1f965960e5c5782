from demo.factories.forums import MemberFactory, PostFactory, TopicFactory
from forums.models import Post, PostRevision, Status, Topic, TopicWatch
from forums.posting import MAX_MESSAGE_LENGTH
from tests.utils import soup


def test_new_topic_form_has_labelled_title_and_message(member_client, board):
    html = soup(member_client.get(board.url + "new/"))
    assert html.find("label", attrs={"for": "id_title"}).text == "Title"
    assert html.find("label", attrs={"for": "id_message"}).text == "Message"


def test_start_topic_and_reply_update_listing(member_client, board, member):
    response = member_client.post(board.url + "new/", {"title": "  First   topic ", "message": "Hello"})
    topic = Topic.objects.get()
    assert response["Location"] == topic.url
    assert topic.title == "First topic" and topic.reply_count == 0
    assert TopicWatch.objects.filter(user=member.user, topic=topic).exists()  # authors watch their topics
    reply = member_client.post(topic.url + "reply/", {"message": "A reply"})
    assert reply.status_code == 302 and "#post-" in reply["Location"]
    topic.refresh_from_db()
    assert topic.reply_count == 1 and topic.last_post.body == "A reply"
    page = member_client.get(topic.url).content.decode()
    assert "Hello" in page and "A reply" in page


def test_empty_too_long_and_duplicate_posts_get_clear_errors(member_client, board):
    empty = member_client.post(board.url + "new/", {"title": "   ", "message": "  \n "})
    assert empty.status_code == 400
    body = empty.content.decode()
    assert "Give your topic a title." in body and "Write a message before posting." in body
    long = member_client.post(board.url + "new/", {"title": "T", "message": "x" * (MAX_MESSAGE_LENGTH + 1)})
    assert long.status_code == 400 and "Your message is too long" in long.content.decode()
    assert 'value="T"' in long.content.decode()  # typed text kept

    assert (
        member_client.post(board.url + "new/", {"title": "Once", "message": "Same words"}).status_code == 302
    )
    twice = member_client.post(board.url + "new/", {"title": "Twice", "message": "same   WORDS"})
    assert twice.status_code == 200 and "You already posted this message" in twice.content.decode()
    assert Topic.objects.count() == 1


def test_quote_prefills_reply(member_client, board, other_member):
    topic = TopicFactory(board=board, author=other_member.user)
    first = topic.posts.get()
    html = soup(member_client.get(topic.url + f"reply/?quote={first.pk}"))
    assert html.find("textarea").text.lstrip("\n").startswith("> **River wrote:**")
    assert member_client.get(topic.url + "reply/?quote=abc").status_code == 200


def test_edit_own_post_keeps_history(member_client, board, member):
    topic = TopicFactory(board=board, author=member.user)
    post = topic.posts.get()
    response = member_client.post(
        board.url + f"posts/{post.pk}/edit/", {"title": "Renamed topic", "message": "New *words*"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body_html == "<p>New <em>words</em></p>" and post.edited_at
    assert Topic.objects.get(pk=topic.pk).title == "Renamed topic"
    assert list(PostRevision.objects.values_list("body", flat=True)) == [f"Opening {topic.title}"]
    history = member_client.get(board.url + f"posts/{post.pk}/history/")
    assert history.status_code == 200 and f"Opening {topic.title}" in history.content.decode()


def test_delete_own_reply_leaves_placeholder_and_first_post_alone_deletes_topic(member_client, board, member):
    topic = TopicFactory(board=board, author=member.user)
    reply = PostFactory(topic=topic, author=member.user, body="Oops")
    assert member_client.get(board.url + f"posts/{reply.pk}/delete/").status_code == 200
    assert member_client.post(board.url + f"posts/{reply.pk}/delete/").status_code == 302
    reply.refresh_from_db()
    assert reply.status == Status.DELETED
    page = member_client.get(topic.url).content.decode()
    assert "This message was deleted by its author." in page and "Oops" not in page
    topic.refresh_from_db()
    assert topic.reply_count == 0
    first = topic.posts.get(is_first=True)
    assert member_client.post(board.url + f"posts/{first.pk}/delete/")["Location"] == board.url
    assert Topic.objects.get(pk=topic.pk).status == Status.DELETED
    assert member_client.get(topic.url).status_code == 404


def test_editing_or_deleting_someone_elses_post_is_forbidden(member_client, board, other_member):
    post = TopicFactory(board=board, author=other_member.user).posts.get()
    for suffix in ("edit/", "delete/", "history/"):
        assert member_client.get(board.url + f"posts/{post.pk}/{suffix}").status_code == 403, suffix
    assert member_client.post(board.url + f"posts/{post.pk}/edit/", {"message": "hijack"}).status_code == 403
    assert member_client.post(board.url + f"posts/{post.pk}/delete/").status_code == 403
    post.refresh_from_db()
    assert post.body != "hijack" and post.status == Status.VISIBLE


def test_unknown_topics_and_posts_are_404(member_client, board, forum):
    from demo.factories.forums import BoardPageFactory

    other_board = BoardPageFactory(parent=forum)
    topic = TopicFactory(board=other_board)
    for url in [
        board.url + "topics/999999/",
        board.url + f"topics/{topic.pk}/",  # exists, but on another board
        board.url + "topics/999999/reply/",
        board.url + "posts/999999/edit/",
        board.url + "posts/999999/delete/",
        board.url + "topics/abc/",
        board.url + "nothing-here/",
    ]:
        assert member_client.get(url).status_code == 404, url


def test_anonymous_visitors_are_sent_to_sign_in_to_post(client, board):
    topic = TopicFactory(board=board)
    for url in (board.url + "new/", topic.url + "reply/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    assert client.post(topic.url + "reply/", {"message": "hi"}).status_code == 302
    assert Post.objects.count() == 1


def test_locked_topic_and_suspended_or_banned_members_cannot_post(member_client, board, member):
    import datetime as dt

    from django.utils import timezone

    topic = TopicFactory(board=board, is_locked=True)
    locked = member_client.post(topic.url + "reply/", {"message": "hi"})
    assert locked.status_code == 403 and "locked" in locked.content.decode()
    open_topic = TopicFactory(board=board)
    member.suspended_until = timezone.now() + dt.timedelta(days=2)
    member.suspension_reason = "Repeated personal attacks"
    member.save()
    suspended = member_client.post(open_topic.url + "reply/", {"message": "hi"})
    assert suspended.status_code == 403
    assert (
        "suspended until" in suspended.content.decode()
        and "Repeated personal attacks" in suspended.content.decode()
    )
    member.suspended_until = timezone.now() - dt.timedelta(minutes=1)
    member.save()
    assert member_client.post(open_topic.url + "reply/", {"message": "back again"}).status_code == 302
    member.is_banned = True
    member.save()
    assert member_client.post(board.url + "new/", {"title": "t", "message": "m"}).status_code == 403


def test_unverified_member_cannot_post(client, board):
    unverified = MemberFactory(user__verified=False)
    client.force_login(unverified.user)
    response = client.post(board.url + "new/", {"title": "t", "message": "m"})
    assert response.status_code == 403 and "Confirm your email address" in response.content.decode()


def test_held_posts_are_seen_only_by_their_author(member_client, board, member, other_member):
    from django.test import Client

    board.premoderation = "new_members"
    board.save()
    topic = TopicFactory(board=board, author=other_member.user)
    response = member_client.post(topic.url + "reply/", {"message": "Waiting for review"})
    assert response.status_code == 302
    post = Post.objects.get(body="Waiting for review")
    assert post.status == Status.HELD
    mine = member_client.get(topic.url).content.decode()
    assert "Waiting for review" in mine and "Awaiting review" in mine
    assert "Waiting for review" not in Client().get(topic.url).content.decode()
    other = Client()
    other.force_login(other_member.user)
    assert "Waiting for review" not in other.get(topic.url).content.decode()
    topic.refresh_from_db()
    assert topic.reply_count == 0


def test_watch_buttons_need_post_and_sign_in(member_client, board, member):
    from django.test import Client

    topic = TopicFactory(board=board)
    assert Client().post(topic.url + "watch/", {"watch": "1"})["Location"].startswith("/accounts/login/")
    assert member_client.get(topic.url + "watch/").status_code == 405
    assert member_client.post(topic.url + "watch/", {"watch": "1"}).status_code == 302
    assert TopicWatch.objects.filter(user=member.user, topic=topic).exists()
    member_client.post(topic.url + "watch/", {"watch": "0"})
    assert not TopicWatch.objects.filter(user=member.user, topic=topic).exists()
    member_client.post(board.url + "watch/", {"watch": "1"})
    assert member.user.board_watches.filter(board=board).exists()


def test_bad_page_numbers_never_fail(client, board):
    topic = TopicFactory(board=board, posts=3)
    for bad in ["abc", "0", "-1", "99999", "1.5", ""]:
        assert client.get(board.url, {"page": bad}).status_code == 200, bad
        assert client.get(topic.url, {"page": bad}).status_code == 200, bad


def test_absurd_ids_and_nul_bytes_are_clean_4xx(member_client, board):
    topic = TopicFactory(board=board)
    huge = "9" * 30
    for url in [
        board.url + f"topics/{huge}/",
        board.url + f"topics/{huge}/reply/",
        board.url + f"posts/{huge}/edit/",
        board.url + "topics/0/",
        f"/members/{huge}/",
    ]:
        assert member_client.get(url).status_code == 404, url
    assert member_client.get(topic.url + f"reply/?quote={huge}").status_code == 200
    assert member_client.get(topic.url + "reply/?quote=²").status_code == 200
    response = member_client.post(board.url + "new/", {"title": "Nul\x00title", "message": "Body\x00"})
    assert response.status_code == 400 and "Null characters are not allowed" in response.content.decode()
    assert member_client.post(topic.url + "reply/", {"message": "a\x00b"}).status_code == 400


def test_post_permalinks_land_on_the_right_page(client, board):
    from forums.models import BoardPage

    topic = TopicFactory(board=board, posts=BoardPage.POSTS_PER_PAGE + 3)
    last = topic.posts.order_by("-created_at", "-pk").first()
    response = client.get(last.url)
    assert response.status_code == 302
    assert response["Location"] == f"{topic.url}?page=2#post-{last.pk}"
    assert f'id="post-{last.pk}"' in client.get(response["Location"]).content.decode()
    hidden = PostFactory(topic=topic, status=Status.HIDDEN)
    assert client.get(hidden.url).status_code == 404
    assert client.get(board.url + "posts/99999999/").status_code == 404
