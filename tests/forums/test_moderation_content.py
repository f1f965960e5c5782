"""Held content stays out of sight until approved; approval publishes and notifies; move and
merge keep every post; bulk actions; suspensions run to the minute."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from forums import actions, policy
from forums.models import BoardWatch, Member, ModerationAction, Post, PreModeration, Status, Topic
from tests.factories.forums import MemberFactory, PostFactory, TopicFactory


@pytest.fixture
def premoderated(board):
    board.premoderation = PreModeration.ALL
    board.save()
    return board


def test_held_posts_are_invisible_everywhere_until_approved(premoderated, moderator, other_member, forum):
    board = premoderated
    author = MemberFactory(display_name="Newcomer", profile_visibility="public")
    watcher = MemberFactory()
    BoardWatch.objects.create(user=watcher.user, board=board)
    visible = TopicFactory(board=board, title="Existing conversation")
    visible.refresh_from_db()
    author_client = Client()
    author_client.force_login(author.user)
    author_client.post(board.url + "new/", {"title": "Zebrafish question", "message": "Zebrafish held words"})
    author_client.post(visible.url + "reply/", {"message": "Zebrafish reply held"})
    held_topic = Topic.objects.get(title="Zebrafish question")
    assert held_topic.status == Status.HELD
    assert Post.objects.filter(status=Status.HELD).count() == 2
    assert mail.outbox == []  # no emails about held posts

    reader = Client()
    reader.force_login(other_member.user)
    for client in (Client(), reader):
        listing = client.get(board.url).content.decode()
        assert "Zebrafish" not in listing and "1 topic" in listing
        assert "1 topic" in client.get(forum.url).content.decode()
        assert "Zebrafish" not in client.get(visible.url).content.decode()
        assert client.get(held_topic.url).status_code == 404
        assert "Zebrafish" not in client.get(board.url + "search/", {"q": "zebrafish"}).content.decode()
        assert "Zebrafish" not in client.get("/search/", {"q": "zebrafish"}).content.decode()
        assert "Zebrafish" not in client.get(f"/members/{author.pk}/").content.decode()
    visible.refresh_from_db()
    assert visible.reply_count == 0
    # the author sees theirs, marked as awaiting review; the moderator sees it too
    own = author_client.get(held_topic.url).content.decode()
    assert "Zebrafish held words" in own and "Awaiting review" in own
    mod = Client()
    mod.force_login(moderator.user)
    mod_view = mod.get(held_topic.url).content.decode()
    assert "Zebrafish held words" in mod_view and "/moderation/posts/" in mod_view  # "Moderate" links
    assert "/moderation/posts/" not in own

    for post in Post.objects.filter(status=Status.HELD).order_by("pk"):
        actions.approve(moderator.user, post)
    author.refresh_from_db()
    assert author.approved_post_count == 2
    visible.refresh_from_db()
    assert visible.reply_count == 1
    assert "Zebrafish question" in reader.get(board.url).content.decode()
    assert "Zebrafish reply held" in reader.get(board.url + "search/", {"q": "zebrafish"}).content.decode()
    assert {m.to[0] for m in mail.outbox} == {watcher.user.email}  # approval sends the notifications
    assert len(mail.outbox) == 2


def test_new_member_premoderation_counts_approvals(board, moderator):
    board.premoderation = PreModeration.NEW_MEMBERS
    board.premoderation_threshold = 1
    board.save()
    member = MemberFactory()
    client = Client()
    client.force_login(member.user)
    topic = TopicFactory(board=board)
    client.post(topic.url + "reply/", {"message": "First words"})
    first = Post.objects.get(body="First words")
    assert first.status == Status.HELD and "fewer than 1 approved" in first.held_reason
    actions.approve(moderator.user, first)
    client.post(topic.url + "reply/", {"message": "Second words"})
    assert Post.objects.get(body="Second words").status == Status.VISIBLE


def test_reject_emails_the_reason_and_removes(board, moderator, django_capture_on_commit_callbacks):
    author = MemberFactory(display_name="Spammy")
    topic = TopicFactory(board=board, author=author.user, status=Status.HELD)
    post = topic.posts.get()
    post.status = Status.HELD
    post.save()
    with django_capture_on_commit_callbacks(execute=True):
        actions.reject(moderator.user, post, "Advertising is not allowed <b>here</b>")
    post.refresh_from_db()
    topic.refresh_from_db()
    assert post.status == topic.status == Status.REMOVED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [author.user.email]
    assert "Advertising is not allowed <b>here</b>" in mail.outbox[0].body  # plain text, as written


def test_hide_and_restore_first_post_hide_and_restore_topic(board, moderator, client):
    topic = TopicFactory(board=board, title="Snake oil cure")
    first = topic.posts.get()
    actions.hide(moderator.user, first, "Misinformation")
    topic.refresh_from_db()
    assert topic.status == Status.HIDDEN and "Snake oil cure" not in client.get(board.url).content.decode()
    actions.restore(moderator.user, first)
    topic.refresh_from_db()
    assert topic.status == Status.VISIBLE and "Snake oil cure" in client.get(board.url).content.decode()


def test_moderator_edit_keeps_original_and_records_before_after(board, moderator):
    post = PostFactory(topic=TopicFactory(board=board), body="My number is 555-0100")
    actions.edit(moderator.user, post, "My number is [removed]", "Personal information")
    revision = post.revisions.get()
    assert revision.body == "My number is 555-0100" and revision.reason == "Personal information"
    row = ModerationAction.objects.get(action="edit")
    assert row.before == {"body": "My number is 555-0100"} and row.after == {"body": "My number is [removed]"}
    with pytest.raises(actions.ActionRefused):
        actions.edit(moderator.user, post, "x", "  ")


def test_move_keeps_all_posts_and_counts(board, other_board, lead):
    topic = TopicFactory(board=board, posts=3)
    PostFactory(topic=topic, status=Status.HIDDEN)
    actions.move(lead.user, topic, other_board, "Belongs to survivorship")
    topic.refresh_from_db()
    assert topic.board_id == other_board.pk
    assert Post.objects.filter(topic=topic).count() == 5
    assert set(Post.objects.filter(topic=topic).values_list("board_id", flat=True)) == {other_board.pk}
    assert topic.reply_count == 3
    assert Client().get(other_board.url + f"topics/{topic.pk}/").status_code == 200
    old = Client().get(board.url + f"topics/{topic.pk}/")  # issue 17: the old address redirects for good
    assert old.status_code == 301 and old["Location"] == other_board.url + f"topics/{topic.pk}/"


def test_merge_keeps_all_posts_in_time_order_and_refreshes_counts(board, moderator):
    now = timezone.now()
    target = TopicFactory(board=board, title="Hair loss tips", posts=1)
    duplicate = TopicFactory(board=board, title="Hair loss tips!!", posts=2)
    watcher = MemberFactory()
    duplicate.watches.create(user=watcher.user)
    Post.objects.filter(topic=duplicate).update(created_at=now + dt.timedelta(minutes=5))
    actions.merge(moderator.user, duplicate, target, "Duplicate")
    target.refresh_from_db()
    duplicate.refresh_from_db()
    assert Post.objects.filter(topic=target).count() == 5
    assert Post.objects.filter(topic=target, is_first=True).count() == 1
    assert target.reply_count == 4
    assert duplicate.status == Status.REMOVED and Post.objects.filter(topic=duplicate).count() == 0
    assert target.watches.filter(user=watcher.user).exists()
    assert ModerationAction.objects.get(action="merge").before["topic"] == duplicate.pk
    with pytest.raises(actions.ActionRefused):
        actions.merge(moderator.user, target, target)


def test_bulk_approve_and_reject_spam_wave(
    board, other_board, moderator, mod_client, django_capture_on_commit_callbacks
):
    posts = [PostFactory(topic=TopicFactory(board=board), status=Status.HELD) for _ in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        response = mod_client.post(
            "/moderation/bulk/",
            {"action": "reject", "posts": [p.pk for p in posts[:3]], "reason": "Spam wave"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 3  # each author is told why
    assert Post.objects.filter(status=Status.REMOVED).count() == 3
    assert ModerationAction.objects.filter(action="reject").count() == 3
    assert (
        mod_client.post("/moderation/bulk/", {"action": "reject", "posts": [posts[3].pk]}).status_code == 400
    )
    # a post on another board refuses the whole batch: nothing changes
    foreign = PostFactory(topic=TopicFactory(board=other_board), status=Status.HELD)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refused = mod_client.post(
            "/moderation/bulk/", {"action": "reject", "reason": "Spam", "posts": [posts[3].pk, foreign.pk]}
        )
    assert refused.status_code == 403
    assert callbacks == [] and len(mail.outbox) == 3  # nobody is emailed about a refused batch
    assert Post.objects.get(pk=posts[3].pk).status == Status.HELD
    assert (
        mod_client.post("/moderation/bulk/", {"action": "approve", "posts": [posts[3].pk]}).status_code == 302
    )
    assert Post.objects.get(pk=posts[3].pk).status == Status.VISIBLE


FIXED_NOW = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)


def test_suspension_end_date_respected(board, moderator, django_capture_on_commit_callbacks):
    author = MemberFactory()
    PostFactory(topic=TopicFactory(board=board, author=author.user), author=author.user)
    until = FIXED_NOW + dt.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        actions.suspend(moderator.user, author, board, until, "Repeated insults", now=FIXED_NOW)
    author.refresh_from_db()
    with pytest.raises(policy.PostingRefused) as refusal:
        policy.check_can_post(author.user, board, now=FIXED_NOW + dt.timedelta(days=1))
    assert "suspended until March 13, 2026" in str(refusal.value) and "Repeated insults" in str(refusal.value)
    with pytest.raises(policy.PostingRefused):
        policy.check_can_post(author.user, board, now=until - dt.timedelta(seconds=1))
    assert policy.check_can_post(author.user, board, now=until + dt.timedelta(seconds=1)) == author
    assert "suspended" in mail.outbox[-1].subject and "Repeated insults" in mail.outbox[-1].body
    with pytest.raises(actions.ActionRefused):  # an end in the past is refused
        actions.suspend(moderator.user, author, board, FIXED_NOW, "x", now=FIXED_NOW)


def test_suspended_member_reads_but_cannot_post_and_is_told_why(board, moderator):
    author = MemberFactory()
    topic = TopicFactory(board=board, author=author.user)
    actions.suspend(moderator.user, author, board, timezone.now() + dt.timedelta(days=2), "Cooling off")
    client = Client()
    client.force_login(author.user)
    page = client.get(topic.url)
    assert page.status_code == 200 and "Cooling off" in page.content.decode()
    profile = client.get("/members/profile/").content.decode()
    assert "Your posting is suspended until" in profile and "Cooling off" in profile
    refused = client.post(topic.url + "reply/", {"message": "Let me post"})
    assert refused.status_code == 403 and "suspended until" in refused.content.decode()
    assert not Post.objects.filter(body="Let me post").exists()
    actions.lift_suspension(moderator.user, Member.objects.get(pk=author.pk), board, "Talked it through")
    assert client.post(topic.url + "reply/", {"message": "Back again"}).status_code == 302


def test_ban_and_lift_by_lead(board, moderator, lead):
    author = MemberFactory()
    PostFactory(topic=TopicFactory(board=board, author=author.user), author=author.user)
    actions.ban(lead.user, author, board, "Spam account")
    author.refresh_from_db()
    with pytest.raises(policy.PostingRefused, match="no longer post"):
        policy.check_can_post(author.user, board)
    with pytest.raises(PermissionDenied):  # only leads lift a ban
        actions.lift_suspension(moderator.user, author, board)
    actions.lift_suspension(lead.user, author, board)
    author.refresh_from_db()
    assert policy.check_can_post(author.user, board)


def test_locked_topic_takes_no_replies(board, moderator, member_client):
    topic = TopicFactory(board=board)
    actions.lock(moderator.user, topic)
    assert member_client.post(topic.url + "reply/", {"message": "Hi"}).status_code == 403
    actions.pin(moderator.user, topic)
    assert Topic.objects.get(pk=topic.pk).is_pinned


def test_reasons_and_saved_responses_are_escaped(board, moderator, mod_client):
    from tests.factories.forums import CannedResponseFactory

    author = MemberFactory()
    topic = TopicFactory(board=board, author=author.user)
    PostFactory(topic=topic, status=Status.HELD)
    CannedResponseFactory(title="<b>t</b>", text='"><script>alert(1)</script>')
    actions.suspend(
        moderator.user, author, board, timezone.now() + dt.timedelta(days=1), "<script>x()</script>"
    )
    client = Client()
    client.force_login(author.user)
    html = client.get(topic.url).content.decode()
    assert "<script>x()</script>" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html
    queue = mod_client.get("/moderation/").content.decode()
    assert "<script>alert(1)</script>" not in queue and "&lt;b&gt;t&lt;/b&gt;" in queue
