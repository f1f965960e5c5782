"""The whole member journey: sign up, verify the email from the outbox, sign in, post."""

import re

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail

from demo.factories import StandardPageFactory
from demo.factories.forums import PASSWORD
from forums.models import ForumSettings, Member, Post, Topic
from tests.forums.conftest import reauthenticate


def signup_data(**overrides):
    data = {
        "email": "new.member@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "Bluebird",
        "profile_visibility": "members",
        "is_adult": "on",
        "accept_guidelines": "on",
    }
    data.update(overrides)
    return data


def test_sign_up_verify_and_post(client, board, site):
    guidelines = StandardPageFactory(parent=board.get_parent().get_parent(), title="Community guidelines")
    config = ForumSettings.for_site(site)
    config.guidelines_page = guidelines
    config.save()

    page = client.get("/accounts/signup/")
    assert page.status_code == 200
    html = BeautifulSoup(page.content, "html.parser")
    assert html.find("a", string="community guidelines")["href"] == guidelines.url
    for label in ["Display name", "I am 18 or older", "I have read and accept the community guidelines"]:
        assert html.find("label", string=re.compile(re.escape(label))), label

    response = client.post("/accounts/signup/", signup_data())
    assert response.status_code == 302
    user = get_user_model().objects.get(email="new.member@example.org")
    member = Member.objects.get(user=user)
    assert member.display_name == "Bluebird"
    assert member.confirmed_adult_at and member.accepted_guidelines_at

    # Not verified yet: posting is refused.
    client.force_login(user)
    refused = client.post(board.url + "new/", {"title": "Hello", "message": "First words"})
    assert refused.status_code == 403
    assert "Confirm your email address" in refused.content.decode()
    client.logout()

    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/confirm-email/[^\s]+)", mail.outbox[0].body).group(1)
    confirm = client.get(link)
    assert confirm.status_code == 200
    assert client.post(link).status_code == 302
    assert user.emailaddress_set.get().verified
    signin = client.post("/accounts/login/", {"login": "new.member@example.org", "password": PASSWORD})
    assert signin.status_code == 302

    started = client.post(board.url + "new/", {"title": "Hello everyone", "message": "Just *diagnosed*."})
    assert started.status_code == 302
    topic = Topic.objects.get(title="Hello everyone")
    assert Post.objects.get(topic=topic).body_html == "<p>Just <em>diagnosed</em>.</p>"
    listing = client.get(board.url).content.decode()
    assert "Hello everyone" in listing and "Bluebird" in listing
    assert started["Location"] == topic.url


def test_sign_up_requires_adult_and_guidelines_and_unique_display_name(client, member):
    response = client.post(
        "/accounts/signup/",
        signup_data(is_adult="", accept_guidelines="", display_name=member.display_name.upper()),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "You must be 18 or older" in body
    assert "Please accept the community guidelines" in body
    assert "That display name is taken" in body
    summary = BeautifulSoup(response.content, "html.parser").find(class_="error-summary")
    assert summary.find("a", href="#id_display_name")
    assert not get_user_model().objects.filter(email="new.member@example.org").exists()


def test_unverified_member_cannot_sign_in_until_verified(client, board):
    client.post("/accounts/signup/", signup_data())
    response = client.post("/accounts/login/", {"login": "new.member@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_password_reset_email_and_logout(client, member):
    response = client.post("/accounts/password/reset/", {"email": member.user.email})
    assert response.status_code == 302
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body
    client.force_login(member.user)
    assert client.get("/accounts/password/change/").status_code == 200
    assert client.get("/accounts/email/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_account_without_member_profile_joins_first(client, board, django_user_model):
    editor = django_user_model.objects.create_user("editor", "editor@example.org", PASSWORD)
    client.force_login(editor)
    response = client.get(board.url + "new/")
    assert response.status_code == 302 and response["Location"].startswith("/members/join/")
    joined = client.post(
        response["Location"],
        {
            "display_name": "Editor Ed",
            "profile_visibility": "public",
            "is_adult": "on",
            "accept_guidelines": "on",
        },
    )
    assert joined.status_code == 302 and joined["Location"] == board.url + "new/"
    assert editor.member.display_name == "Editor Ed"


def test_change_email_needs_verification_of_the_new_address(client, member):
    client.force_login(member.user)
    page = client.get("/accounts/email/")
    assert page.status_code == 200 and 'rel="stylesheet"' in page.content.decode()
    reauthenticate(client)  # changing addresses asks for the password again
    response = client.post("/accounts/email/", {"action_add": "", "email": "changed@example.org"})
    assert response.status_code == 302
    assert "changed@example.org" in mail.outbox[-1].to
    member.user.refresh_from_db()
    assert member.user.email != "changed@example.org"  # not until confirmed
