"""Honeypots on sign-up and posting, link limits for new members, per-board blocked words."""

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from forums.models import ForumSettings, Post, Status
from tests.factories.forums import PASSWORD, MemberFactory, TopicFactory

SIGNUP = {
    "email": "new.person@example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "display_name": "Newbie",
    "profile_visibility": "members",
    "is_adult": "on",
    "accept_guidelines": "on",
}


def test_signup_honeypot_is_hidden_and_traps_bots(client, home):
    page = BeautifulSoup(client.get("/accounts/signup/").content, "html.parser")
    trap = page.find("input", attrs={"name": "website"})
    assert trap is not None and trap["tabindex"] == "-1"
    assert "honeypot" in trap.find_parent("div")["class"]
    response = client.post("/accounts/signup/", {**SIGNUP, "website": "http://spam.example"})
    assert response.status_code == 200 and "could not accept this form" in response.content.decode()
    assert not get_user_model().objects.filter(email="new.person@example.org").exists()
    assert client.post("/accounts/signup/", SIGNUP).status_code == 302
    assert get_user_model().objects.filter(email="new.person@example.org").exists()


def test_posting_honeypot(member_client, board):
    topic = TopicFactory(board=board)
    trapped = member_client.post(topic.url + "reply/", {"message": "Hello", "website": "x"})
    assert trapped.status_code == 400 and not Post.objects.filter(body="Hello").exists()
    trapped = member_client.post(board.url + "new/", {"title": "T", "message": "Hi", "website": "x"})
    assert trapped.status_code == 400
    assert member_client.post(topic.url + "reply/", {"message": "Hello", "website": ""}).status_code == 302


def test_new_members_posts_with_many_links_are_held(board, site):
    config = ForumSettings.for_site(site)
    config.new_member_max_links = 1
    config.save()
    newcomer = MemberFactory(created_at=timezone.now())
    regular = MemberFactory()
    topic = TopicFactory(board=board)
    body = "See https://a.example and www.b.example and [c](https://c.example)"
    for member in (newcomer, regular):
        client = Client()
        client.force_login(member.user)
        client.post(topic.url + "reply/", {"message": body})
    held = Post.objects.get(author=newcomer.user)
    assert held.status == Status.HELD and "3 links (limit 1)" in held.held_reason
    assert Post.objects.get(author=regular.user).status == Status.VISIBLE
    client = Client()
    client.force_login(newcomer.user)
    client.post(topic.url + "reply/", {"message": "Just one https://a.example/page link"})
    assert Post.objects.get(body__startswith="Just one").status == Status.VISIBLE


def test_blocked_words_hold_posts_for_review(board, member_client):
    # The per-board blocked words are now board "hold" watched words (migration 0004).
    from forums.models import WatchedWord

    WatchedWord.objects.create(word="miracle cure", action="hold", board=board)
    WatchedWord.objects.create(word="Casino", action="hold", board=board)
    topic = TopicFactory(board=board)
    member_client.post(topic.url + "reply/", {"message": "This MIRACLE CURE worked"})
    member_client.post(topic.url + "reply/", {"message": "A casinos review"})  # not a whole word
    member_client.post(board.url + "new/", {"title": "Casino night fundraiser", "message": "Join us"})
    held = Post.objects.get(body="This MIRACLE CURE worked")
    assert held.status == Status.HELD and "miracle cure" in held.held_reason
    assert Post.objects.get(body="A casinos review").status == Status.VISIBLE
    assert Post.objects.get(body="Join us").status == Status.HELD
    response = member_client.get(topic.url)
    assert "awaiting review" in response.content.decode().lower()
