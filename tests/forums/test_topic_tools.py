"""Slow mode, timed close, moderators' topic notes and split (issue 17)."""

import datetime as dt
import io

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from forums import slowmode, topic_actions
from forums.models import ActionKind, ModerationAction, Post, Status, Topic, TopicWatch
from tests.factories.forums import MemberFactory, PostFactory, TopicFactory


def test_slow_mode_on_a_topic_limits_each_member_and_is_shown(board, topic_with_mod, member_client, member):
    topic, mod_client = topic_with_mod
    response = mod_client.post(
        f"/moderation/tools/topics/{topic.pk}/slow-mode/",
        {"minutes": "30", "duration": "1440", "reason": "Heated thread, let's slow down"},
    )
    assert response.status_code == 302
    row = ModerationAction.objects.get(action=ActionKind.SLOW_MODE)
    assert row.after["minutes"] == 30 and row.reason == "Heated thread, let's slow down"
    page = member_client.get(topic.url).content.decode()
    assert "Slow mode: one post per member every 30 minutes" in page and "ET" in page
    assert member_client.post(topic.url + "reply/", {"message": "First"}).status_code == 302
    refused = member_client.post(topic.url + "reply/", {"message": "Second too soon"})
    html = refused.content.decode()
    assert refused.status_code == 403 and "You can post again after" in html and " ET" in html
    assert not Post.objects.filter(body="Second too soon").exists()
    # moderators are not slowed down; other members have their own clock
    assert mod_client.post(topic.url + "reply/", {"message": "Mod one"}).status_code == 302
    assert mod_client.post(topic.url + "reply/", {"message": "Mod two"}).status_code == 302
    other = Client()
    other.force_login(MemberFactory().user)
    assert other.post(topic.url + "reply/", {"message": "Other member"}).status_code == 302
    # it ends on its own
    later = timezone.now() + dt.timedelta(days=2)
    assert slowmode.refusal(member.user, board, topic, now=later) == ""


def test_board_slow_mode_and_bad_input(board, topic_with_mod, member_client):
    topic, mod_client = topic_with_mod
    bad = mod_client.post(
        f"/moderation/tools/boards/{board.pk}/slow-mode/", {"minutes": "0", "duration": "60"}
    )
    assert bad.status_code == 400
    mod_client.post(
        f"/moderation/tools/boards/{board.pk}/slow-mode/",
        {"minutes": "10", "duration": "60", "reason": "Spam wave"},
    )
    assert (
        "Slow mode: one post per member every 10 minutes in this board"
        in member_client.get(board.url).content.decode()
    )
    other_topic = TopicFactory(board=board)
    member_client.post(topic.url + "reply/", {"message": "Here"})
    assert member_client.post(other_topic.url + "reply/", {"message": "And there"}).status_code == 403
    mod_client.post(f"/moderation/tools/boards/{board.pk}/slow-mode/", {"off": "1"})
    assert member_client.post(other_topic.url + "reply/", {"message": "And there"}).status_code == 302
    assert ModerationAction.objects.filter(action=ActionKind.SLOW_MODE_OFF, target_type="board").exists()


def test_timed_close_refuses_replies_then_the_command_locks_the_topic(
    board, topic_with_mod, member, member_client
):
    topic, mod_client = topic_with_mod
    mod_client.post(
        f"/moderation/tools/topics/{topic.pk}/close-at/",
        {"close_in_hours": "2", "close_reason": "Event over"},
    )
    assert member_client.post(topic.url + "reply/", {"message": "Before"}).status_code == 302
    later = timezone.now() + dt.timedelta(hours=3)
    assert "closed on" in slowmode.refusal(member.user, board, topic, now=later)
    closed = topic_actions.close_due(now=later)
    assert [t.pk for t in closed] == [topic.pk]
    topic.refresh_from_db()
    assert topic.is_locked
    assert ModerationAction.objects.filter(
        action=ActionKind.LOCK, target_id=topic.pk, moderator=None
    ).exists()
    assert "closed 0 topic(s)" in _command_output()


def _command_output():
    out = io.StringIO()
    call_command("escalate_crisis_cases", stdout=out)
    return out.getvalue()


def test_topic_notes_are_for_moderators_only(board, topic_with_mod, member_client, other_moderator):
    topic, mod_client = topic_with_mod
    assert mod_client.post(f"/moderation/tools/topics/{topic.pk}/note/", {"text": ""}).status_code == 400
    mod_client.post(f"/moderation/tools/topics/{topic.pk}/note/", {"text": "Zanzibar: <b>Bob</b>'s replies"})
    assert "Zanzibar: &lt;b&gt;Bob&lt;/b&gt;" in mod_client.get(topic.url).content.decode()
    assert "Zanzibar" not in member_client.get(topic.url).content.decode()
    assert member_client.get(f"/moderation/tools/topics/{topic.pk}/").status_code == 403
    outsider = Client()
    outsider.force_login(other_moderator.user)
    assert outsider.post(f"/moderation/tools/topics/{topic.pk}/note/", {"text": "x"}).status_code == 403
    assert ModerationAction.objects.filter(action=ActionKind.TOPIC_NOTE).count() == 1


def test_split_moves_selected_replies_into_a_new_topic(board, topic_with_mod, django_assert_max_num_queries):
    topic, mod_client = topic_with_mod
    a, b, c = (PostFactory(topic=topic, body=f"Reply {n}") for n in "abc")
    with django_assert_max_num_queries(25):
        page = mod_client.get(f"/moderation/tools/topics/{topic.pk}/")
    assert page.status_code == 200
    response = mod_client.post(
        f"/moderation/tools/topics/{topic.pk}/split/", {"posts": [b.pk, c.pk], "title": "Side conversation"}
    )
    new = Topic.objects.get(title="Side conversation")
    assert response.status_code == 302 and response["Location"] == new.url
    assert list(new.posts.order_by("created_at").values_list("pk", flat=True)) == [b.pk, c.pk]
    assert Post.objects.get(pk=b.pk).is_first and new.author_id == b.author_id
    topic.refresh_from_db()
    new.refresh_from_db()
    assert new.reply_count == 1 and topic.reply_count == 1
    assert TopicWatch.objects.filter(topic=new, user=b.author).exists()
    row = ModerationAction.objects.get(action=ActionKind.SPLIT)
    assert row.after["topic"] == new.pk and row.before["posts"] == [b.pk, c.pk]
    # refused: no replies, a first post, a post from elsewhere, no title
    first = topic.posts.get(is_first=True)
    for data in (
        {"posts": [], "title": "x"},
        {"posts": [first.pk], "title": "x"},
        {"posts": [a.pk], "title": ""},
    ):
        assert mod_client.post(f"/moderation/tools/topics/{topic.pk}/split/", data).status_code in (400, 409)
    elsewhere = PostFactory(topic=TopicFactory(board=board))
    assert (
        mod_client.post(
            f"/moderation/tools/topics/{topic.pk}/split/", {"posts": [elsewhere.pk], "title": "x"}
        ).status_code
        == 409
    )
    assert Post.objects.get(pk=a.pk).topic_id == topic.pk and a.status == Status.VISIBLE


def test_topic_tools_answer_bad_urls_cleanly(topic_with_mod):
    topic, mod_client = topic_with_mod
    assert mod_client.get(f"/moderation/tools/topics/{2**63}/").status_code == 404
    assert mod_client.post(f"/moderation/tools/topics/{topic.pk}/explode/").status_code == 404
    assert mod_client.get(f"/moderation/tools/topics/{topic.pk}/note/").status_code == 405
    assert Client().post(f"/moderation/tools/topics/{topic.pk}/note/").status_code == 302
