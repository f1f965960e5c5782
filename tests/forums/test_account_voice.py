"""Account emails and messages in the site's voice, and the goodbye page (issue 16, "fix first")."""

import datetime as dt
import re

from bs4 import BeautifulSoup
from django.core import mail

from pages.models import SiteSettings
from resources.models import HelplineHours, HelplineSettings
from tests.factories.forums import PASSWORD
from tests.forums.conftest import reauthenticate
from tests.forums.test_journey import signup_data


def _rename_organisation(site, name="Komen Test Org"):
    config = SiteSettings.for_site(site)
    config.organization_name = name
    config.save()
    return name


def test_verification_email_uses_display_name_and_organisation(client, board, site):
    org = _rename_organisation(site)
    client.post("/accounts/signup/", signup_data(display_name="Robin"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.body.startswith("Hello Robin,")
    assert f"Welcome to the {org} message boards" in message.body
    assert f"The {org} message boards team" in message.body
    assert "/accounts/confirm-email/" in message.body
    user_name = message.to[0]
    for leak in ["has given your email address", "Thank you for using", "testserver!", "user "]:
        assert leak not in message.body, leak
    assert "new.member" not in message.body.replace(user_name, "")  # the hidden username
    assert message.subject == "[Komen message boards] Welcome: please confirm your email address"


def test_password_reset_email_in_site_voice(client, member, site):
    org = _rename_organisation(site)
    client.post("/accounts/password/reset/", {"email": member.user.email})
    body = mail.outbox[-1].body
    assert body.startswith(f"Hello {member.display_name},")
    assert f"your {org} message boards account" in body
    assert "/accounts/password/reset/key/" in body
    assert member.user.username not in body
    assert "In case you forgot, your username" not in body


def test_email_change_emails_in_site_voice(client, member, site):
    org = _rename_organisation(site)
    client.force_login(member.user)
    reauthenticate(client)  # changing the address asks for the password again
    response = client.post("/accounts/email/", {"action_add": "", "email": "maple.new@example.org"})
    assert response.status_code == 302
    confirm = mail.outbox[-1]
    assert confirm.to == ["maple.new@example.org"]
    assert confirm.body.startswith(f"Hello {member.display_name},")
    assert f"{org} message boards" in confirm.body
    assert member.user.username not in confirm.body
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", confirm.body).group(1)
    client.post(link)
    changed = mail.outbox[-1]
    assert changed.to == [member.user.email]
    assert f"changed from {member.user.email} to maple.new@example.org" in changed.body
    assert changed.body.startswith(f"Hello {member.display_name},")


def _messages(response):
    html = BeautifulSoup(response.content, "html.parser")
    return [p.get_text(strip=True) for p in html.select(".messages .message")]


def test_one_clear_message_after_confirming(client, board):
    client.post("/accounts/signup/", signup_data(display_name="Robin"))
    # A sign-in attempt before confirming queues "Confirmation email sent…" again.
    client.post("/accounts/login/", {"login": "new.member@example.org", "password": PASSWORD})
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    response = client.post(link, follow=True)
    assert "_auth_user_id" in client.session
    shown = _messages(response)
    assert shown == ["Welcome, Robin. Your email address is confirmed and you are signed in."]


def test_sign_in_message_names_the_display_name(client, member):
    response = client.post(
        "/accounts/login/", {"login": member.user.email, "password": PASSWORD}, follow=True
    )
    assert _messages(response) == [f"You are signed in as {member.display_name}."]
    assert member.user.username not in response.content.decode()


def test_goodbye_page_shows_real_hours_and_988(client, member, site):
    helpline = HelplineSettings.for_site(site)
    helpline.hours.all().delete()
    for day in range(5):
        HelplineHours.objects.create(setting=helpline, weekday=day, opens=dt.time(9), closes=dt.time(19))
    client.force_login(member.user)
    reauthenticate(client)  # deleting the account asks for the password again
    response = client.post("/members/profile/delete/", {"posts": "keep", "confirm": "on"})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser").find("main")
    text = " ".join(page.get_text(" ").split())
    assert "always there" not in text
    assert "Monday through Friday: 9:00 a.m. to 7:00 p.m. ET" in text
    assert "open only at the times below" in text
    assert page.find("a", href="tel:988")
    assert "call or text 988" in text
