"""Too many attempts get 429, a human message, and the typed text back."""

from bs4 import BeautifulSoup

from forums.models import Topic
from tests.factories.forums import PASSWORD, TopicFactory


def test_new_members_are_limited_and_keep_their_text(member_client, board, member, site):
    from forums.models import ForumSettings

    config = ForumSettings.for_site(site)
    config.new_member_posts_per_window = 2
    config.save()
    member.created_at = member.user.date_joined  # joined just now: a new member
    member.save()
    for n in range(2):
        assert (
            member_client.post(board.url + "new/", {"title": f"T{n}", "message": f"Body {n}"}).status_code
            == 302
        )
    response = member_client.post(board.url + "new/", {"title": "Third title", "message": "My careful words"})
    assert response.status_code == 429
    html = BeautifulSoup(response.content, "html.parser")
    assert "paused posting for a few minutes" in html.find(class_="error-summary").text
    assert html.find("input", attrs={"name": "title"})["value"] == "Third title"
    assert html.find("textarea", attrs={"name": "message"}).text.strip() == "My careful words"
    assert Topic.objects.count() == 2

    topic = Topic.objects.first()
    reply = member_client.post(topic.url + "reply/", {"message": "A reply I wrote"})
    assert reply.status_code == 429 and "A reply I wrote" in reply.content.decode()


def test_established_members_get_the_higher_limit(member_client, board, site):
    topic = TopicFactory(board=board)
    for n in range(5):
        assert member_client.post(topic.url + "reply/", {"message": f"Reply {n}"}).status_code == 302


def test_signup_rate_limit_returns_429_with_form_filled(client, home, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "1/h/ip"}
    data = {
        "email": "first@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "First",
        "profile_visibility": "members",
        "is_adult": "on",
        "accept_guidelines": "on",
    }
    assert client.post("/accounts/signup/", data).status_code == 302
    client.logout()
    data.update(email="second@example.org", display_name="Second")
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 429
    html = BeautifulSoup(response.content, "html.parser")
    assert "Too many accounts have been created" in html.find(class_="error-summary").text
    assert html.find("input", attrs={"name": "email"})["value"] == "second@example.org"
    assert html.find("input", attrs={"name": "display_name"})["value"] == "Second"
    assert not html.find("input", attrs={"name": "password1"}).get("value")  # never echo passwords


def test_login_failures_are_throttled_with_429(client, home, member, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/300s/key", "login": "30/m/ip"}
    for _ in range(3):
        response = client.post("/accounts/login/", {"login": member.user.email, "password": "wrong password"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"login": member.user.email, "password": PASSWORD})
    assert response.status_code == 429
    html = BeautifulSoup(response.content, "html.parser")
    assert html.find(class_="error-summary")
    assert html.find("input", attrs={"name": "login"})["value"] == member.user.email


def test_login_per_ip_limit_returns_429(client, home, member, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}
    for _ in range(2):
        client.post("/accounts/login/", {"login": "nobody@example.org", "password": "x"})
    response = client.post("/accounts/login/", {"login": "nobody@example.org", "password": "x"})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
