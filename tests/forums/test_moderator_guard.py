"""The one guard of the moderation pages about one post, topic, crisis case, board or member
(`view_helpers.moderator_view`): every page and action behind it answers a signed-out
visitor, a moderator of another board, a missing or absurd id and an unknown action the same
way, and lets the board's moderator through."""

from urllib.parse import quote

import pytest
from django.test import Client

from demo.factories.forums import MemberFactory, PostFactory, TopicFactory
from forums import reports
from forums.models import CrisisCase

HUGE = 2**63  # beyond a BigAutoField: a 404, never an overflow


@pytest.fixture
def things(board, moderator):
    author = MemberFactory(display_name="QuietOne")
    topic = TopicFactory(board=board, title="Tonight")
    post = PostFactory(topic=topic, author=author.user, body="So tired")
    reports.report_post(MemberFactory().user, post, "crisis", "Please check on them")
    return {
        "post": post.pk,
        "topic": topic.pk,
        "case": CrisisCase.objects.get(post=post).pk,
        "board": board.pk,
        "member": author.pk,
    }


# (URL with {id}, which thing's id, POST-only action?)
PAGES = [
    ("/moderation/posts/{id}/", "post", False),
    ("/moderation/posts/{id}/edit/", "post", False),
    ("/moderation/tools/posts/{id}/reach-out/", "post", False),
    ("/moderation/tools/topics/{id}/", "topic", False),
    ("/moderation/tools/crisis/{id}/", "case", False),
    ("/moderation/tools/members/{id}/", "member", False),
]
ACTIONS = [
    ("/moderation/posts/{id}/approve/", "post", True),
    ("/moderation/posts/{id}/member/warn/", "post", True),
    ("/moderation/topics/{id}/lock/", "topic", True),
    ("/moderation/tools/topics/{id}/note/", "topic", True),
    ("/moderation/tools/crisis/{id}/acknowledge/", "case", True),
    ("/moderation/tools/boards/{id}/slow-mode/", "board", True),
]
UNKNOWN_ACTIONS = [
    "/moderation/posts/{id}/explode/",
    "/moderation/posts/{id}/member/explode/",
    "/moderation/topics/{id}/explode/",
    "/moderation/tools/topics/{id}/explode/",
]


def _send(client, url, action):
    return client.post(url, {"reason": ""}) if action else client.get(url)


@pytest.mark.parametrize(("pattern", "kind", "action"), PAGES + ACTIONS)
def test_signed_out_visitors_are_sent_to_sign_in(client, things, pattern, kind, action):
    url = pattern.format(id=things[kind])
    response = _send(client, url, action)
    assert response.status_code == 302
    # A page comes back to itself after signing in; an action has nothing to show: the queue.
    back = "/moderation/" if action else url
    assert response["Location"] == f"/accounts/login/?next={quote(back)}"


@pytest.mark.parametrize(("pattern", "kind", "action"), ACTIONS)
def test_actions_answer_only_post(mod_client, things, pattern, kind, action):
    assert mod_client.get(pattern.format(id=things[kind])).status_code == 405


@pytest.mark.parametrize(("pattern", "kind", "action"), PAGES + ACTIONS)
def test_a_moderator_of_another_board_gets_the_403_page(other_moderator, things, pattern, kind, action):
    client = Client()
    client.force_login(other_moderator.user)
    response = _send(client, pattern.format(id=things[kind]), action)
    assert response.status_code == 403
    assert "forums/moderation/forbidden.html" in [t.name for t in response.templates]


@pytest.mark.parametrize(("pattern", "kind", "action"), PAGES + ACTIONS)
def test_a_missing_or_absurd_id_is_a_404(mod_client, things, pattern, kind, action):
    for missing in (things[kind] + 10_000, HUGE):
        assert _send(mod_client, pattern.format(id=missing), action).status_code == 404


@pytest.mark.parametrize("pattern", UNKNOWN_ACTIONS)
def test_an_unknown_action_is_a_404_before_any_lookup(other_moderator, mod_client, things, pattern):
    url = pattern.format(id=things["topic" if "/topics/" in pattern else "post"])
    assert mod_client.post(url, {"reason": "x"}).status_code == 404
    # Even for someone who does not moderate the board: the action is looked at first.
    client = Client()
    client.force_login(other_moderator.user)
    assert client.post(url, {"reason": "x"}).status_code == 404


@pytest.mark.parametrize(("pattern", "kind", "action"), PAGES)
def test_the_boards_moderator_sees_the_page(mod_client, things, pattern, kind, action):
    assert mod_client.get(pattern.format(id=things[kind])).status_code == 200


# Moderation pages about no one thing (`view_helpers.moderator_page`), and deciding an appeal.
PAGES_FOR = [
    ("/moderation/tools/appeals/", "lead"),
    ("/moderation/tools/crisis/", "lead"),
    ("/moderation/tools/guide/", "moderator"),  # for moderators of a board
]


@pytest.mark.parametrize(("url", "allowed"), PAGES_FOR)
def test_pages_about_no_one_thing_send_to_sign_in_refuse_members_and_let_their_users_in(
    request, client, member, url, allowed
):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next={quote(url)}"
    client.force_login(member.user)
    response = client.get(url)
    assert response.status_code == 403
    assert "forums/moderation/forbidden.html" in [t.name for t in response.templates]
    client.force_login(request.getfixturevalue(allowed).user)
    assert client.get(url).status_code == 200


def test_deciding_an_appeal_is_a_post_by_a_lead_moderator(client, moderator, lead):
    url = "/moderation/tools/appeals/1/decide/"
    response = client.post(url, {"decision": "grant"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/moderation/"
    client.force_login(moderator.user)
    assert client.post(url, {"decision": "grant"}).status_code == 403
    client.force_login(lead.user)
    assert client.get(url).status_code == 405
    assert client.post(url, {"decision": "grant"}).status_code == 404  # no such appeal
    assert client.post(f"/moderation/tools/appeals/{HUGE}/decide/", {}).status_code == 404
