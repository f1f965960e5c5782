"""Each post's reaction counts kept beside it (forums.reactions, `ReactionCounts`): right at
once after a reaction, its taking back and a member's deletion, each member's own pressed
state, and the topic page within its query budget whatever the number of reactions."""

import importlib

from bs4 import BeautifulSoup
from django.apps import apps
from django.test import Client

from demo.factories.forums import MemberFactory, PostFactory, TopicFactory
from forums import privacy, reactions
from forums.member_models import Reaction, ReactionCounts
from forums.models import ForumSettings
from tests.forums.test_queries import SIGNED_IN_BUDGET
from tests.utils import count_queries

LABELS = ["Thank you", "Sending hugs", "Me too"]


def signed_in(member):
    client = Client()
    client.force_login(member.user)
    return client


def buttons(client, topic, post):
    """{label: (count shown, pressed)} under `post` for this reader."""
    response = client.get(topic.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    shown = {}
    for button in soup.select(f"#post-{post.pk} .reaction"):
        count = button.select_one(".reaction__count")
        label = (
            button.get_text(" ", strip=True).removesuffix(count.get_text(strip=True)).strip()
            if count
            else None
        )
        label = label or button.get_text(strip=True)
        shown[label] = (int(count.get_text(strip=True)) if count else 0, button.get("aria-pressed") == "true")
    return shown


def stored(post):
    row = ReactionCounts.objects.filter(post=post).first()
    return row.counts if row else {}


def test_a_reaction_shows_its_new_count_at_once(redis_cache, board, member, other_member):
    topic = TopicFactory(board=board, author=MemberFactory().user)
    post = topic.posts.get()
    mine, theirs = signed_in(member), signed_in(other_member)
    url = f"/members/posts/{post.pk}/react/"
    assert buttons(mine, topic, post)["Sending hugs"] == (0, False)
    assert mine.post(url, {"reaction": "Sending hugs"}).status_code == 302
    assert buttons(mine, topic, post)["Sending hugs"] == (1, True)
    assert theirs.post(url, {"reaction": "Sending hugs"}).status_code == 302
    assert buttons(Client(), topic, post) == {"Sending hugs": (2, False)}  # anonymous: counts only
    assert mine.post(url, {"reaction": "Sending hugs"}).status_code == 302  # taken back
    assert buttons(mine, topic, post)["Sending hugs"] == (1, False)
    assert buttons(theirs, topic, post)["Sending hugs"] == (1, True)
    assert stored(post) == {"Sending hugs": 1}


def test_two_members_never_see_each_others_pressed_reactions(redis_cache, board, member, other_member):
    topic = TopicFactory(board=board, author=MemberFactory().user, posts=2)
    posts = list(topic.posts.order_by("created_at", "pk"))
    reactions.toggle_reaction(member.user, posts[0], "Thank you", LABELS)
    reactions.toggle_reaction(member.user, posts[0], "Me too", LABELS)
    reactions.toggle_reaction(other_member.user, posts[1], "Me too", LABELS)
    mine, theirs = signed_in(member), signed_in(other_member)
    assert buttons(mine, topic, posts[0]) == {
        "Thank you": (1, True),
        "Sending hugs": (0, False),
        "Me too": (1, True),
    }
    assert buttons(theirs, topic, posts[0]) == {
        "Thank you": (1, False),
        "Sending hugs": (0, False),
        "Me too": (1, False),
    }
    assert buttons(mine, topic, posts[1])["Me too"] == (1, False)
    assert buttons(theirs, topic, posts[1])["Me too"] == (1, True)


def test_counts_follow_a_deleted_account_and_a_reaction_taken_back(board, member, other_member):
    topic = TopicFactory(board=board, author=MemberFactory().user)
    post = topic.posts.get()
    reactions.toggle_reaction(member.user, post, "Thank you", LABELS)
    reactions.toggle_reaction(other_member.user, post, "Thank you", LABELS)
    reactions.toggle_reaction(other_member.user, post, "Me too", LABELS)
    assert stored(post) == {"Thank you": 2, "Me too": 1}
    privacy.delete_account(other_member.user, privacy.KEEP_POSTS)  # their reactions cascade
    assert stored(post) == {"Thank you": 1}
    assert reactions.toggle_reaction(member.user, post, "Thank you", LABELS) is False  # taken back
    assert stored(post) == {}
    topic.delete()  # the counts go with the post, and a cascade adds no row back
    assert not ReactionCounts.objects.exists()


def test_labels_removed_from_the_settings_are_not_shown(board, member):
    topic = TopicFactory(board=board, author=MemberFactory().user)
    post = topic.posts.get()
    reactions.toggle_reaction(member.user, post, "Me too", LABELS)
    settings = ForumSettings.for_site(board.get_site())
    settings.reactions = "Thank you\nSending hugs"
    settings.save()
    shown = buttons(signed_in(member), topic, post)
    assert shown == {"Thank you": (0, False), "Sending hugs": (0, False)}


def test_recount_matches_reactions_made_in_bulk(board):
    """bulk_create sends no signals: the bench and imports call recount themselves."""
    topic = TopicFactory(board=board, posts=2)
    posts = list(topic.posts.all())
    readers = [MemberFactory().user for _ in range(3)]
    Reaction.objects.bulk_create(
        [Reaction(post=post, user=user, label="Me too") for post in posts for user in readers]
    )
    assert all(stored(post) == {} for post in posts)
    reactions.recount([post.pk for post in posts])
    assert all(stored(post) == {"Me too": 3} for post in posts)


def test_the_migration_counts_existing_reactions(board):
    topic = TopicFactory(board=board, posts=1)
    post = topic.posts.get(is_first=False)
    Reaction.objects.bulk_create(
        [
            Reaction(post=post, user=MemberFactory().user, label=label)
            for label in ("Me too", "Me too", "Thank you")
        ]
    )
    migration = importlib.import_module("forums.migrations.0024_reaction_counts")
    migration.count_existing_reactions(apps, None)
    assert stored(post) == {"Me too": 2, "Thank you": 1}


def test_topic_with_many_reactions_within_the_budget_at_two_sizes(shared_cache, board, member):
    reader = signed_in(member)
    topic = TopicFactory(board=board, author=MemberFactory().user)
    reactors = [MemberFactory().user for _ in range(6)]

    def add_posts(number):
        for _ in range(number):
            post = PostFactory(topic=topic, author=MemberFactory().user)
            Reaction.objects.bulk_create(
                [Reaction(post=post, user=user, label=LABELS[n % 3]) for n, user in enumerate(reactors)]
            )
            reactions.toggle_reaction(member.user, post, "Me too", LABELS)

    add_posts(2)
    reader.get(topic.url)
    reader.get(topic.url)
    small = count_queries(reader.get, topic.url)[1]
    add_posts(45)
    reader.get(topic.url)  # reading the new replies moves the read marker (one write, then none)
    large = count_queries(reader.get, topic.url + "?page=2")[1]
    deep = count_queries(reader.get, topic.url + "?page=3")[1]
    assert small == large == deep <= SIGNED_IN_BUDGET, (small, large, deep)
    page = buttons(reader, topic, topic.posts.order_by("created_at", "pk")[1])
    assert page["Me too"] == (3, True)


def test_deleting_an_account_recounts_once_whatever_its_reactions(board, member):
    """The account's reactions go in one DELETE and their posts are recounted together: the
    queries do not grow with the number of reactions (a receiver per reaction made it 5 a
    reaction)."""

    def account_deletion_queries(reacted_posts):
        reader = MemberFactory().user
        topic = TopicFactory(board=board, author=member.user, posts=reacted_posts)
        for post in topic.posts.all():
            reactions.toggle_reaction(reader, post, "Me too", LABELS)
        _, queries = count_queries(privacy.delete_account, reader, privacy.KEEP_POSTS)
        assert all(stored(post) == {} for post in topic.posts.all())
        return queries

    assert account_deletion_queries(2) == account_deletion_queries(12)
