"""Reactions, bookmarks, profile fields with their own visibility, Latest and New since my
last visit (issue 16)."""

import json

from bs4 import BeautifulSoup
from django.test import Client

from forums.member_models import Bookmark, MemberProfile, Reaction
from forums.models import ForumSettings
from tests.factories.forums import MemberFactory, PostFactory, TopicFactory
from tests.forums.conftest import reauthenticate
from tests.utils import count_queries


def client_for(member):
    client = Client()
    client.force_login(member.user)
    return client


def test_react_once_each_counts_shown_and_take_back(board, member, other_member):
    topic = TopicFactory(board=board, author=other_member.user)
    post = topic.posts.get()
    client = client_for(member)
    url = f"/members/posts/{post.pk}/react/"
    assert client.post(url, {"reaction": "Sending hugs"}).status_code == 302
    assert client.post(url, {"reaction": "Me too"}).status_code == 302
    client_for(MemberFactory()).post(url, {"reaction": "Sending hugs"})
    page = BeautifulSoup(client.get(topic.url).content, "html.parser")
    buttons = {
        b.get_text(" ", strip=True): b["aria-pressed"] for b in page.select(f"#post-{post.pk} .reaction")
    }
    assert (
        buttons["Sending hugs 2"] == "true"
        and buttons["Me too 1"] == "true"
        and buttons["Thank you"] == "false"
    )
    client.post(url, {"reaction": "Me too"})
    assert Reaction.objects.filter(user=member.user).count() == 1
    assert client.post(url, {"reaction": "Thumbs down"}).status_code == 403  # not an editor's choice
    assert client_for(other_member).post(url, {"reaction": "Thank you"}).status_code == 403  # own post
    assert Client().post(url, {"reaction": "Thank you"}).status_code == 302  # sign in first
    assert client.get(url).status_code == 405


def test_editors_choose_reactions_in_board_settings(board, member, other_member, site):
    config = ForumSettings.for_site(site)
    config.reactions = "Thinking of you\n\nThinking of you\nStrength"
    config.save()
    assert config.reaction_labels() == ["Thinking of you", "Strength"]
    topic = TopicFactory(board=board, author=other_member.user)
    labels = [
        b.get_text(strip=True)
        for b in BeautifulSoup(client_for(member).get(topic.url).content, "html.parser").select(".reaction")
    ]
    assert labels == ["Thinking of you", "Strength"]


def test_bookmarks_saved_posts_listed_and_private(board, private_board, member, other_member):
    topic = TopicFactory(board=board, author=other_member.user, title="Worth keeping")
    post = topic.posts.get()
    client = client_for(member)
    assert (
        client.post(f"/members/posts/{post.pk}/bookmark/", {"next": "https://evil.example/"}).status_code
        == 302
    )
    assert Bookmark.objects.filter(user=member.user, post=post).exists()
    saved = client.get("/members/saved/").content.decode()
    assert "Worth keeping" in saved
    assert "Worth keeping" not in client_for(other_member).get("/members/saved/").content.decode()
    assert client.post("/members/posts/0/bookmark/").status_code == 404


def test_profile_fields_each_with_own_visibility(board, member, other_member):
    client = client_for(member)
    data = {
        "diagnosis_type": "Invasive ductal carcinoma",
        "diagnosis_stage": "II",
        "diagnosis_year": "2024",
        "diagnosis_visibility": "members",
        "treatments": "Chemo, radiation",
        "treatments_visibility": "me",
        "about_me": "Gardener <script>alert(1)</script>",
        "about_me_visibility": "everyone",
        "show_signature": "on",
    }
    assert client.post("/members/profile/details/", data).status_code == 302
    public = Client().get(f"/members/{member.pk}/")
    signed_in = client_for(other_member).get(f"/members/{member.pk}/")
    if public.status_code == 200:
        assert "Invasive ductal" not in public.content.decode()
    member_view = signed_in.content.decode()
    assert "Invasive ductal carcinoma, stage II, diagnosed 2024" in member_view
    assert "Chemo" not in member_view
    assert "Gardener &lt;script&gt;" in member_view
    topic = TopicFactory(board=board, author=member.user)
    signature = BeautifulSoup(client_for(other_member).get(topic.url).content, "html.parser").select_one(
        ".post__signature"
    )
    assert signature.get_text() == "Invasive ductal carcinoma, stage II, diagnosed 2024"
    assert not BeautifulSoup(Client().get(topic.url).content, "html.parser").select_one(".post__signature")
    reauthenticate(client)  # the export asks for the password again
    export = json.loads(client.post("/members/profile/export/").content)
    assert export["profile"]["details"]["treatments"] == "Chemo, radiation"


def test_nothing_shown_by_default_and_bad_year(member, other_member):
    client = client_for(member)
    client.post("/members/profile/details/", {"diagnosis_type": "DCIS"})
    assert "DCIS" not in client_for(other_member).get(f"/members/{member.pk}/").content.decode()
    assert MemberProfile.objects.get(member=member).diagnosis_visibility == "me"
    bad = client.post("/members/profile/details/", {"diagnosis_type": "Kept text", "diagnosis_year": "3024"})
    assert bad.status_code == 400 and "Kept text" in bad.content.decode()
    long = client.post("/members/profile/details/", {"about_me": "x" * 1001, "diagnosis_visibility": "nope"})
    assert long.status_code == 400


def test_latest_and_new_since_last_visit(board, private_board, member, other_member):
    TopicFactory(board=board, author=other_member.user, title="Public news")
    TopicFactory(board=private_board, author=other_member.user, title="Members news")
    anonymous = Client().get("/members/latest/").content.decode()
    assert "Public news" in anonymous and "Members news" not in anonymous
    client = client_for(member)
    everything = client.get("/members/latest/").content.decode()
    assert "Public news" in everything and "Members news" in everything
    new = client.get("/members/latest/?new=1").content.decode()
    assert "Public news" in new  # since joining, on a first visit
    assert Client().get("/members/latest/?page=abc").status_code == 200


def test_topic_with_reactions_constant_queries(board, member, django_assert_max_num_queries):
    client = client_for(member)
    topic = TopicFactory(board=board)
    for _ in range(2):
        post = PostFactory(topic=topic, author=MemberFactory().user)
        Reaction.objects.create(post=post, user=MemberFactory().user, label="Me too")
    client.get(topic.url)
    client.get(topic.url)
    small = count_queries(client.get, topic.url)[1]
    for _ in range(40):
        post = PostFactory(topic=topic, author=MemberFactory().user)
        Reaction.objects.create(post=post, user=MemberFactory().user, label="Thank you")
        Bookmark.objects.create(user=member.user, post=post)
    large = count_queries(client.get, topic.url + "?page=2")[1]
    assert small == large, (small, large)
    with django_assert_max_num_queries(26):  # the topic page's budget (test_queries.py)
        client.get(topic.url)
