"""The rule table of forums.policy: every actor × action × kind of board, checked against the
policy functions on real accounts, boards and posts; docs/moderation.md shows the same table.

Cells: "yes" / "no". Columns:
- read: the board's topics and posts (listings, search, profiles and emails ask the same);
- post: start a topic or reply (in the locked topic for that column);
- edit / delete: the actor's own post there;
- watch: get emails about the board or topic;
- report: someone else's post there;
- export: download one's own data;
- moderate: the moderation actions on that board's posts and topics;
- act on member: warn or suspend an ordinary member who posted on that board.
The view-restricted board carries a Wagtail password restriction, which only a page view can
satisfy: outside it (search, profiles, emails) it is closed to everyone but its moderators.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from demo.factories.forums import (
    BoardPageFactory,
    MemberFactory,
    PostFactory,
    TopicFactory,
    UserFactory,
    make_lead_moderator,
)
from forums import policy
from forums.models import BoardVisibility, Status

ACTIONS = ["read", "post", "edit", "delete", "watch", "report", "export", "moderate", "act on member"]
ACTORS = [
    "visitor",
    "unverified",
    "member",
    "suspended",
    "banned",
    "board moderator",
    "other board's moderator",
    "lead moderator",
    "superuser",
]
BOARDS = ["public board", "members-only board", "view-restricted board", "locked topic"]

EXPECTED = """
### public board

| actor | read | post | edit | delete | watch | report | export | moderate | act on member |
|---|---|---|---|---|---|---|---|---|---|
| visitor | yes | no | no | no | no | no | no | no | no |
| unverified | yes | no | no | no | no | no | yes | no | no |
| member | yes | yes | yes | yes | yes | yes | yes | no | no |
| suspended | yes | no | no | yes | yes | yes | yes | no | no |
| banned | yes | no | no | yes | yes | no | yes | no | no |
| board moderator | yes | yes | yes | yes | yes | yes | yes | yes | yes |
| other board's moderator | yes | yes | yes | yes | yes | yes | yes | no | no |
| lead moderator | yes | yes | yes | yes | yes | yes | yes | yes | yes |
| superuser | yes | yes | yes | yes | yes | yes | yes | yes | yes |

### members-only board

| actor | read | post | edit | delete | watch | report | export | moderate | act on member |
|---|---|---|---|---|---|---|---|---|---|
| visitor | no | no | no | no | no | no | no | no | no |
| unverified | no | no | no | no | no | no | yes | no | no |
| member | yes | yes | yes | yes | yes | yes | yes | no | no |
| suspended | yes | no | no | yes | yes | yes | yes | no | no |
| banned | yes | no | no | yes | yes | no | yes | no | no |
| board moderator | yes | yes | yes | yes | yes | yes | yes | yes | yes |
| other board's moderator | yes | yes | yes | yes | yes | yes | yes | no | no |
| lead moderator | yes | yes | yes | yes | yes | yes | yes | yes | yes |
| superuser | yes | yes | yes | yes | yes | yes | yes | yes | yes |

### view-restricted board

| actor | read | post | edit | delete | watch | report | export | moderate | act on member |
|---|---|---|---|---|---|---|---|---|---|
| visitor | no | no | no | no | no | no | no | no | no |
| unverified | no | no | no | no | no | no | yes | no | no |
| member | no | no | no | no | no | no | yes | no | no |
| suspended | no | no | no | no | no | no | yes | no | no |
| banned | no | no | no | no | no | no | yes | no | no |
| board moderator | yes | yes | yes | yes | yes | yes | yes | yes | yes |
| other board's moderator | no | no | no | no | no | no | yes | no | no |
| lead moderator | yes | yes | yes | yes | yes | yes | yes | yes | yes |
| superuser | yes | yes | yes | yes | yes | yes | yes | yes | yes |

### locked topic

| actor | read | post | edit | delete | watch | report | export | moderate | act on member |
|---|---|---|---|---|---|---|---|---|---|
| visitor | yes | no | no | no | no | no | no | no | no |
| unverified | yes | no | no | no | no | no | yes | no | no |
| member | yes | no | no | yes | yes | yes | yes | no | no |
| suspended | yes | no | no | yes | yes | yes | yes | no | no |
| banned | yes | no | no | yes | yes | no | yes | no | no |
| board moderator | yes | no | no | yes | yes | yes | yes | yes | yes |
| other board's moderator | yes | no | no | yes | yes | yes | yes | no | no |
| lead moderator | yes | no | no | yes | yes | yes | yes | yes | yes |
| superuser | yes | no | no | yes | yes | yes | yes | yes | yes |
"""

DOC = Path(__file__).resolve().parents[2] / "docs" / "moderation.md"
DOC_START = "<!-- policy table: generated from tests/forums/test_policy_table.py, do not edit -->"
DOC_END = "<!-- end of policy table -->"


def parse(table_text):
    """{(board, actor, action): bool} from the markdown tables above."""
    cells, board = {}, None
    for line in table_text.strip().splitlines():
        if line.startswith("### "):
            board = line[4:].strip()
        elif line.startswith("| ") and not line.startswith("| actor"):
            values = [cell.strip() for cell in line.strip("|").split("|")]
            actor, answers = values[0], values[1:]
            assert len(answers) == len(ACTIONS), line
            for action, answer in zip(ACTIONS, answers, strict=True):
                assert answer in ("yes", "no"), line
                cells[(board, actor, action)] = answer == "yes"
    return cells


def test_the_table_covers_every_actor_action_and_board():
    cells = parse(EXPECTED)
    assert set(cells) == {(b, actor, action) for b in BOARDS for actor in ACTORS for action in ACTIONS}


def test_docs_show_the_table_exactly():
    text = DOC.read_text()
    match = re.search(re.escape(DOC_START) + r"\n(.*?)\n" + re.escape(DOC_END), text, re.S)
    assert match, f"docs/moderation.md lost its policy table markers: {DOC_START}"
    assert match.group(1).strip() == EXPECTED.strip(), (
        "docs/moderation.md differs from EXPECTED in tests/forums/test_policy_table.py; paste the "
        "table from the test between the markers"
    )


@pytest.fixture
def world(forum):
    """Boards of each kind (one moderator group moderates all four columns), the actors, each
    actor's own post on every board, someone else's post and an ordinary member to act on."""
    moderators = Group.objects.create(name="Moderators: table")
    others = Group.objects.create(name="Moderators: elsewhere")
    public = BoardPageFactory(parent=forum, title="Public", moderator_group=moderators)
    members_only = BoardPageFactory(
        parent=forum, title="Members", visibility=BoardVisibility.MEMBERS, moderator_group=moderators
    )
    restricted = BoardPageFactory(parent=forum, title="Restricted", moderator_group=moderators)
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="s3cret")
    BoardPageFactory(parent=forum, title="Elsewhere", moderator_group=others)

    now = timezone.now()
    unverified = MemberFactory(user=UserFactory(verified=False))
    suspended = MemberFactory(suspended_until=now + dt.timedelta(days=3), suspension_reason="Cool off")
    banned = MemberFactory(is_banned=True)
    board_moderator = MemberFactory()
    board_moderator.user.groups.add(moderators)
    other_moderator = MemberFactory()
    other_moderator.user.groups.add(others)
    superuser = MemberFactory(user=UserFactory(is_superuser=True, is_staff=True))
    members = {
        "unverified": unverified,
        "member": MemberFactory(),
        "suspended": suspended,
        "banned": banned,
        "board moderator": board_moderator,
        "other board's moderator": other_moderator,
        "lead moderator": make_lead_moderator(),
        "superuser": superuser,
    }
    author = MemberFactory()
    target = MemberFactory()
    topics = {
        "public board": TopicFactory(board=public, author=author.user),
        "members-only board": TopicFactory(board=members_only, author=author.user),
        "view-restricted board": TopicFactory(board=restricted, author=author.user),
        "locked topic": TopicFactory(board=public, author=author.user, is_locked=True),
    }
    own_posts = {
        (column, name): PostFactory(topic=topic, author=m.user)
        for column, topic in topics.items()
        for name, m in members.items()
    }
    for topic in topics.values():
        PostFactory(topic=topic, author=target.user)
    return {"members": members, "topics": topics, "own_posts": own_posts, "target": target, "now": now}


def answer(world, column, actor, action):
    member = world["members"].get(actor)
    user = member.user if member else AnonymousUser()
    topic = world["topics"][column]
    board = topic.board
    own = world["own_posts"].get((column, actor))
    someone_elses = topic.posts.get(is_first=True)
    now = world["now"]
    return {
        "read": lambda: policy.can_read_board(user, board),
        "post": lambda: policy.can_post(user, board, topic, now),
        "edit": lambda: own is not None and policy.can_edit_post(user, own, now),
        "delete": lambda: own is not None and policy.can_delete_post(user, own),
        "watch": lambda: policy.can_watch(user, board),
        "report": lambda: policy.can_report(user, someone_elses),
        "export": lambda: policy.can_export(user),
        "moderate": lambda: policy.can_moderate(user, board),
        "act on member": lambda: policy.can_act_on_member(user, world["target"], board),
    }[action]()


def test_policy_matches_the_table(world):
    expected = parse(EXPECTED)
    wrong = [
        f"{actor} / {action} / {column}: policy says {'yes' if got else 'no'}"
        for (column, actor, action), want in expected.items()
        if (got := answer(world, column, actor, action)) != want
    ]
    assert wrong == []


@pytest.mark.parametrize("page_view_checked", [False, True])
def test_page_post_powers_answer_as_the_per_post_rules(world, page_view_checked):
    """The topic page decides edit / delete / report for its posts in one call
    (`page_post_powers`, the reader's part once a page): the same answers as the per-post
    rules, for every actor and kind of board, on visible, held and hidden posts, the actor's
    own and others' (report as the topic page asks it: visible posts in a visible topic)."""
    member = world["members"]["member"]
    topics = dict(world["topics"])
    public = topics["public board"].board
    # A held topic (its author's and moderators' to see): nothing in it can be reported.
    topics["held topic"] = TopicFactory(board=public, author=member.user, status=Status.HELD)
    for topic in topics.values():
        PostFactory(topic=topic, author=member.user, status=Status.HELD)
        PostFactory(topic=topic, author=member.user, status=Status.HIDDEN)
        PostFactory(topic=topic, author=member.user, status=Status.DELETED)
        PostFactory(topic=topic, author=world["target"].user, status=Status.HELD)
        PostFactory(topic=topic, author=None)  # an account deleted since
    now = world["now"]
    checked, granted = 0, 0
    for actor in ["visitor", *world["members"]]:
        member = world["members"].get(actor)
        user = member.user if member else AnonymousUser()
        for topic in topics.values():
            posts = list(topic.posts.select_related("topic", "board"))
            board = topic.board
            for post in posts:
                post.board, post.topic = board, topic
            got = policy.page_post_powers(user, board, topic, posts, page_view_checked, now)
            for post in posts:
                want = (
                    policy.can_edit_post(user, post, now, page_view_checked),
                    policy.can_delete_post(user, post, page_view_checked),
                    post.status == Status.VISIBLE
                    and topic.status == Status.VISIBLE
                    and policy.can_report(user, post, page_view_checked),
                )
                assert got[post.pk] == want, (actor, topic.board.title, post.status, post.author_id)
                checked += 1
                granted += sum(want)
    assert checked > 200
    assert granted > 50  # the answers are not all "no"
