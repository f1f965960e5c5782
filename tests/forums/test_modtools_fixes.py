"""The "fix first" items of issue 17: rejection emails and pages, hide with an emailed reason,
moved topics' old URLs, suspension times with their zone, held reasons that match the board."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from forums import actions, policy, screening
from forums.models import Member, ModerationSettings, Post, PreModeration, Status, Topic
from tests.factories.forums import MemberFactory, PostFactory, TopicFactory


@pytest.fixture
def held_topic(board):
    board.premoderation = PreModeration.ALL
    board.save()
    author = MemberFactory(display_name="Hopeful")
    client = Client()
    client.force_login(author.user)
    client.post(
        board.url + "new/", {"title": "My story", "message": "Everything I went through <b>this year</b>"}
    )
    return Topic.objects.get(title="My story"), client


def test_rejection_email_has_the_text_a_reply_to_and_an_appeal_link(
    held_topic, moderator, site, django_capture_on_commit_callbacks
):
    topic, author_client = held_topic
    config = ModerationSettings.for_site(site)
    config.moderators_email = "moderators@komen.example"
    config.save()
    post = topic.posts.get()
    with django_capture_on_commit_callbacks(execute=True):
        actions.reject(moderator.user, post, "Please share this without the clinic's name.")
    (email,) = mail.outbox
    assert email.to == [post.author.email]
    assert "Everything I went through <b>this year</b>" in email.body  # their own words, to them only
    assert email.reply_to == ["moderators@komen.example"]
    assert f"/appeals/posts/{post.pk}/" in email.body and topic.url in email.body

    # the rejected topic's address: a kind page for its author, a 404 for everyone else
    response = author_client.get(topic.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "was not published" in html and "Everything I went through &lt;b&gt;this year&lt;/b&gt;" in html
    assert "clinic&#x27;s name" in html and f"/appeals/posts/{post.pk}/" in html
    assert Client().get(topic.url).status_code == 404
    other = Client()
    other.force_login(MemberFactory().user)
    assert other.get(topic.url).status_code == 404


def test_hide_emails_the_member_only_when_the_reason_is_for_them(
    board, moderator, mod_client, django_capture_on_commit_callbacks
):
    first = PostFactory(topic=TopicFactory(board=board))
    second = PostFactory(topic=TopicFactory(board=board))
    with django_capture_on_commit_callbacks(execute=True):
        mod_client.post(f"/moderation/posts/{first.pk}/hide/", {"reason": "Internal: spam wave"})
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = mod_client.post(
            f"/moderation/posts/{second.pk}/hide/", {"reason": "", "email_member": "on"}
        )
    assert response.status_code == 400  # nothing to email
    second.refresh_from_db()
    assert second.status == Status.VISIBLE
    with django_capture_on_commit_callbacks(execute=True):
        mod_client.post(
            f"/moderation/posts/{second.pk}/hide/",
            {"reason": "Please don't share your doctor's phone number.", "email_member": "on"},
        )
    (email,) = mail.outbox
    assert email.to == [second.author.email] and "doctor's phone number" in email.body
    page = mod_client.get(f"/moderation/posts/{PostFactory(topic=TopicFactory(board=board)).pk}/")
    assert "This reason is written to the member: email it to them" in page.content.decode()


def test_moved_topics_old_address_redirects_for_good_even_after_two_moves(board, other_board, forum, lead):
    from tests.factories.forums import BoardPageFactory

    third = BoardPageFactory(parent=forum, title="Third", slug="third")
    topic = TopicFactory(board=board)
    actions.move(lead.user, topic, other_board)
    actions.move(lead.user, Topic.objects.get(pk=topic.pk), third)
    for old in (board, other_board):
        response = Client().get(old.url + f"topics/{topic.pk}/")
        assert response.status_code == 301 and response["Location"] == third.url + f"topics/{topic.pk}/"
    # an unrelated board never redirects, and a hidden moved topic is not revealed
    assert Client().get(forum.url + "nope/").status_code == 404
    unrelated = BoardPageFactory(parent=forum, title="Unrelated", slug="unrelated")
    assert Client().get(unrelated.url + f"topics/{topic.pk}/").status_code == 404
    Topic.objects.filter(pk=topic.pk).update(status=Status.HIDDEN)
    assert Client().get(board.url + f"topics/{topic.pk}/").status_code == 404


def test_suspension_times_carry_their_time_zone(board, moderator, member, django_capture_on_commit_callbacks):
    PostFactory(topic=TopicFactory(board=board), author=member.user)
    until = dt.datetime(2031, 3, 4, 18, 30, tzinfo=dt.UTC)  # 1:30 PM in New York
    with django_capture_on_commit_callbacks(execute=True):
        actions.suspend(moderator.user, member, board, until, "Cooling off")
    member.refresh_from_db()
    assert "until March 4, 2031 at 1:30 PM ET." in policy.suspension_message(member)
    assert "March 4, 2031 at 1:30 PM ET" in mail.outbox[0].body
    assert "/appeals/suspension/" in mail.outbox[0].body


def test_demo_held_reasons_agree_with_the_boards_settings(db):
    call_command("load_demo_content", stdout=io.StringIO())
    held = list(Post.objects.filter(status=Status.HELD).select_related("board", "topic"))
    assert held
    for post in held:
        author = Member.objects.get(user=post.author)
        text = f"{post.topic.title}\n{post.body}" if post.is_first else post.body
        assert post.held_reason == screening.hold_reason(post.board, author, text, timezone.now()), post.body
        if post.held_reason.startswith("New member: fewer than"):
            assert post.board.premoderation == PreModeration.NEW_MEMBERS


def test_board_settings_explain_how_link_limit_and_premoderation_interact():
    from forums.models import BoardPage, ForumSettings

    help_text = BoardPage._meta.get_field("premoderation").help_text
    assert "link limit" in help_text and "nothing is held just for coming from a new member" in help_text
    assert (
        "whatever the board's pre-moderation"
        in ForumSettings._meta.get_field("new_member_max_links").help_text
    )
