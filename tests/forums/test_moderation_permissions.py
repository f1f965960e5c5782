"""Every moderation action, done through its front-end URL: the board's moderator and lead
moderators may; anyone else (visitors, members, moderators of another board) may not, and
nothing changes or is logged when they try."""

import pytest
from django.core import mail
from django.test import Client

from demo.factories.forums import MemberFactory, PostFactory, ReportFactory, TopicFactory
from forums.models import ActionKind, ModerationAction, Post, Report, Status, Topic


def _held_post(board):
    topic = TopicFactory(board=board)
    return PostFactory(topic=topic, status=Status.HELD, body="Held words")


def scenario(action, board, other_board):
    """(url, data, check) for `action` on content of `board`. `check()` asserts it was done."""
    if action in ("approve", "reject"):
        post = _held_post(board)
        data = {"reason": "Off-topic advertising"} if action == "reject" else {}
        expected = Status.VISIBLE if action == "approve" else Status.REMOVED
        return (
            f"/moderation/posts/{post.pk}/{action}/",
            data,
            lambda: Post.objects.get(pk=post.pk).status == expected,
        )
    if action in ("hide", "restore"):
        topic = TopicFactory(board=board)
        post = PostFactory(topic=topic, status=Status.VISIBLE if action == "hide" else Status.HIDDEN)
        expected = Status.HIDDEN if action == "hide" else Status.VISIBLE
        return (
            f"/moderation/posts/{post.pk}/{action}/",
            {"reason": "r"},
            lambda: Post.objects.get(pk=post.pk).status == expected,
        )
    if action == "edit":
        post = PostFactory(topic=TopicFactory(board=board), body="Call me on 555-0100")
        return (
            f"/moderation/posts/{post.pk}/edit/",
            {"message": "Call me on [phone number removed]", "reason": "Personal information"},
            lambda: Post.objects.get(pk=post.pk).body == "Call me on [phone number removed]",
        )
    if action in ("lock", "unlock", "pin", "unpin"):
        field = "is_locked" if action in ("lock", "unlock") else "is_pinned"
        topic = TopicFactory(board=board, **{field: action in ("unlock", "unpin")})
        expected = action in ("lock", "pin")
        return (
            f"/moderation/topics/{topic.pk}/{action}/",
            {},
            lambda: getattr(Topic.objects.get(pk=topic.pk), field) is expected,
        )
    if action == "move":
        topic = TopicFactory(board=board, posts=2)
        return (
            f"/moderation/topics/{topic.pk}/move/",
            {"target_board": other_board.pk},
            lambda: Topic.objects.get(pk=topic.pk).board_id == other_board.pk,
        )
    if action == "merge":
        duplicate = TopicFactory(board=board, posts=1)
        target = TopicFactory(board=board)
        return (
            f"/moderation/topics/{duplicate.pk}/merge/",
            {"target_topic": target.pk},
            lambda: Post.objects.filter(topic=target).count() == 3,
        )
    if action == "dismiss":
        report = ReportFactory(post=PostFactory(topic=TopicFactory(board=board)))
        return (
            f"/moderation/reports/{report.pk}/dismiss/",
            {},
            lambda: Report.objects.get(pk=report.pk).status == "dismissed",
        )
    if action in ("warn", "suspend", "ban", "lift"):
        author = MemberFactory()
        if action == "lift":
            author.suspended_until = author.created_at.replace(year=2100)
            author.save()
        post = PostFactory(topic=TopicFactory(board=board, author=author.user), author=author.user)
        data = {"reason": "Repeated personal attacks", "days": 3}

        def check():
            author.refresh_from_db()
            return {
                "warn": ModerationAction.objects.filter(action="warn", member=author.user).exists(),
                "suspend": author.suspended_until is not None,
                "ban": author.is_banned,
                "lift": author.suspended_until is None,
            }[action]

        return f"/moderation/posts/{post.pk}/member/{action}/", data, check
    if action == "bulk":
        posts = [_held_post(board) for _ in range(2)]
        return (
            "/moderation/bulk/",
            {"action": "approve", "posts": [p.pk for p in posts]},
            lambda: not Post.objects.filter(pk__in=[p.pk for p in posts], status=Status.HELD).exists(),
        )
    raise AssertionError(action)


BOARD_ACTIONS = [
    "approve",
    "reject",
    "hide",
    "restore",
    "edit",
    "lock",
    "unlock",
    "pin",
    "unpin",
    "merge",
    "dismiss",
    "warn",
    "suspend",
    "lift",
    "bulk",
]


@pytest.mark.parametrize("action", BOARD_ACTIONS)
def test_action_refused_to_others_and_done_by_the_boards_moderator(
    action, board, other_board, other_moderator
):
    from demo.factories.forums import make_moderator

    moderator = make_moderator(board)
    url, data, check = scenario(action, board, other_board)
    anonymous = Client()
    assert anonymous.post(url, data).status_code == 302  # to sign-in
    for outsider in (MemberFactory(), other_moderator):  # a member; the moderator of board B
        client = Client()
        client.force_login(outsider.user)
        response = client.post(url, data)
        assert response.status_code == 403, (action, outsider)
        assert not check()
    assert not ModerationAction.objects.exists()
    client = Client()
    client.force_login(moderator.user)
    response = client.post(url, data)
    assert response.status_code == 302, (action, response.content.decode()[:2000])
    assert check(), action
    assert ModerationAction.objects.exists()


@pytest.mark.parametrize("action", ["approve", "hide", "lock", "move", "dismiss", "suspend", "ban"])
def test_lead_moderators_act_on_every_board(action, board, other_board, lead):
    url, data, check = scenario(action, board, other_board)
    client = Client()
    client.force_login(lead.user)
    assert client.post(url, data).status_code == 302
    assert check()


def test_ban_is_for_lead_moderators_only(board, other_board, moderator):
    url, data, check = scenario("ban", board, other_board)
    client = Client()
    client.force_login(moderator.user)
    assert client.post(url, data).status_code == 403 and not check()


def test_move_needs_powers_on_both_boards(board, other_board, moderator, other_moderator):
    url, data, check = scenario("move", board, other_board)
    client = Client()
    client.force_login(moderator.user)  # moderates the source board only
    assert client.post(url, data).status_code == 403 and not check()
    other_moderator.user.groups.add(board.moderator_group)  # now moderates both
    client.force_login(other_moderator.user)
    assert client.post(url, data).status_code == 302 and check()


def test_merge_across_boards_needs_powers_on_both(board, other_board, moderator):
    duplicate = TopicFactory(board=board)
    target = TopicFactory(board=other_board)
    client = Client()
    client.force_login(moderator.user)
    assert (
        client.post(f"/moderation/topics/{duplicate.pk}/merge/", {"target_topic": target.pk}).status_code
        == 403
    )
    assert Post.objects.filter(topic=duplicate).count() == 1


def test_pages_and_bad_input(mod_client, board, other_board):
    post = _held_post(board)
    other_post = _held_post(other_board)
    assert mod_client.get(f"/moderation/posts/{post.pk}/").status_code == 200
    assert mod_client.get(f"/moderation/posts/{other_post.pk}/").status_code == 403
    assert mod_client.get(f"/moderation/posts/{other_post.pk}/edit/").status_code == 403
    assert mod_client.get("/moderation/posts/999999999/").status_code == 404
    assert mod_client.get(f"/moderation/posts/{post.pk}/approve/").status_code == 405
    assert mod_client.post(f"/moderation/posts/{post.pk}/explode/").status_code == 404
    assert mod_client.post("/moderation/topics/99999999999999999999/lock/").status_code == 404
    # reject without a reason: a clear 400, nothing changed
    response = mod_client.post(f"/moderation/posts/{post.pk}/reject/", {"reason": "  "})
    assert response.status_code == 400 and "Give a reason" in response.content.decode()
    # approve twice: the second answers 409 with an explanation
    assert mod_client.post(f"/moderation/posts/{post.pk}/approve/").status_code == 302
    again = mod_client.post(f"/moderation/posts/{post.pk}/approve/")
    assert again.status_code == 409 and "not awaiting review" in again.content.decode()
    # suspension length out of range, merge into nothing, bulk with junk
    author_post = PostFactory(topic=TopicFactory(board=board))
    bad = mod_client.post(f"/moderation/posts/{author_post.pk}/member/suspend/", {"days": "0", "reason": "x"})
    assert bad.status_code == 400
    assert (
        mod_client.post(
            f"/moderation/topics/{author_post.topic_id}/merge/", {"target_topic": "99999"}
        ).status_code
        == 404
    )
    assert (
        mod_client.post("/moderation/bulk/", {"action": "approve", "posts": ["x", "-1"]}).status_code == 400
    )
    assert mod_client.post("/moderation/bulk/", {"action": "delete", "posts": [post.pk]}).status_code == 400
    # only the moderator's own outbox: nobody else got email from these refusals
    assert all("not published" not in m.subject for m in mail.outbox)
    assert Client().get("/moderation/").status_code == 302  # visitors go to sign-in
    assert ModerationAction.objects.filter(action=ActionKind.APPROVE).count() == 1


def test_lead_moderators_group_is_created_by_migrate(db):
    from django.contrib.auth.models import Group

    from forums.policy import LEAD_MODERATORS, ensure_lead_moderators_group

    assert Group.objects.filter(name=LEAD_MODERATORS).exists()
    ensure_lead_moderators_group()  # idempotent
    assert Group.objects.filter(name=LEAD_MODERATORS).count() == 1


def test_editors_are_not_moderators_by_cms_permissions(board, django_user_model):
    from django.contrib.auth.models import Permission

    from forums import policy

    editor = django_user_model.objects.create_user("editor", "editor@example.org", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="change_page"))
    assert not policy.is_moderator(editor, board)
    assert policy.moderated_board_ids(editor) == []
