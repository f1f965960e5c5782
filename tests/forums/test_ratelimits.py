"""Too many attempts get 429, a human message, and the typed text back."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from demo.factories.forums import PASSWORD, TopicFactory
from forums.models import Topic


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


def test_sign_up_and_login_keep_allauths_own_rate_limited_dispatch():
    """The limits are counted by allauth's views themselves (its `rate_limit` decorator on
    dispatch); the form-kept 429 comes from the URLconf's handler429, not a replaced dispatch."""
    from allauth.account import views as allauth_views

    from forums import account_views

    assert account_views.SignupView.dispatch is allauth_views.SignupView.dispatch
    assert account_views.LoginView.dispatch is allauth_views.LoginView.dispatch


def test_a_rate_limited_login_is_not_cached_and_keeps_what_was_typed(client, home, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "1/m/ip"}
    client.post("/accounts/login/", {"login": "someone@example.org", "password": "x"})
    response = client.post("/accounts/login/", {"login": "someone@example.org", "password": "secret"})
    assert response.status_code == 429
    assert "no-store" in response["Cache-Control"]
    html = BeautifulSoup(response.content, "html.parser")
    assert html.find("input", attrs={"name": "login"})["value"] == "someone@example.org"
    assert not html.find("input", attrs={"name": "password"}).get("value")


def test_other_rate_limited_account_pages_get_the_slow_down_page(client, home, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "1/m/ip"}
    client.post("/accounts/password/reset/", {"email": "someone@example.org"})
    response = client.post("/accounts/password/reset/", {"email": "someone@example.org"})
    assert response.status_code == 429
    assert "Please slow down" in response.content.decode()


LIMIT_BOUNDS = {
    "new_member_days": (0, 365),
    "new_member_posts_per_window": (1, 100),
    "posts_per_window": (1, 500),
    "rate_window_minutes": (1, 1440),
    "reports_per_hour": (1, 100),
    "new_member_max_links": (0, 50),
}


@pytest.mark.parametrize(("field", "bounds"), LIMIT_BOUNDS.items())
def test_every_limit_field_has_a_minimum_and_a_maximum(site, field, bounds):
    from forums.models import ForumSettings

    config = ForumSettings.for_site(site)
    low, high = bounds
    for value in (low, high):
        setattr(config, field, value)
        config.full_clean()
    for value in (high + 1, *([low - 1] if low > 0 else [])):
        setattr(config, field, value)
        with pytest.raises(ValidationError) as error:
            config.full_clean()
        assert field in error.value.message_dict


def test_board_premoderation_threshold_is_bounded(board):
    board.premoderation_threshold = 0
    with pytest.raises(ValidationError):
        board.full_clean()
    board.premoderation_threshold = 101
    with pytest.raises(ValidationError):
        board.full_clean()


def test_the_admin_refuses_a_zero_minute_window_and_shows_the_range(client, site, django_user_model):
    from forums.models import ForumSettings

    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", PASSWORD)
    client.force_login(admin)
    url = f"/admin/settings/forums/forumsettings/{site.pk}/"
    form = BeautifulSoup(client.get(url).content, "html.parser")
    window = form.find("input", attrs={"name": "rate_window_minutes"})
    assert (window["min"], window["max"]) == ("1", "1440")
    assert "1 to 1440" in form.text
    data = {
        "crisis_notice": "Call 988.",
        "guidelines_page": "",
        "new_member_days": "7",
        "new_member_posts_per_window": "3",
        "posts_per_window": "10",
        "rate_window_minutes": "0",
        "reports_per_hour": "10",
        "new_member_max_links": "2",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "greater than or equal to 1" in response.content.decode()
    assert ForumSettings.for_site(site).rate_window_minutes == 10
    data["rate_window_minutes"] = "15"
    assert client.post(url, data).status_code == 302
    assert ForumSettings.for_site(site).rate_window_minutes == 15


def test_a_legacy_zero_minute_window_does_not_break_posting(member_client, board, site):
    """Rows saved before the validators existed: posting must still work, never a 500."""
    from forums.models import ForumSettings

    ForumSettings.for_site(site)
    ForumSettings.objects.update(rate_window_minutes=0)
    topic = TopicFactory(board=board)
    response = member_client.post(topic.url + "reply/", {"message": "Still here"})
    assert response.status_code == 302
    assert topic.posts.filter(body__contains="Still here").exists()
