"""Digest emails' one-click unsubscribe links (RFC 8058) expire: after
settings.DIGEST_UNSUBSCRIBE_MAX_AGE_DAYS (60 by default) the link shows a page that offers to
sign in and change email choices, never a 500 and never a change (issue 16)."""

import datetime as dt
import time

import pytest
from bs4 import BeautifulSoup
from django.core import mail, signing
from django.test import Client

from demo.factories.forums import TopicFactory
from forums import notifications_center
from forums.member_models import MemberPreferences, WatchFrequency
from forums.models import BoardWatch

URL = "/members/unsubscribe/digest/{}/"
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def token_made_days_ago(monkeypatch, user_id, days):
    """A token as a digest sent `days` ago carried it (the signer's clock set back)."""
    then = int(time.time() - dt.timedelta(days=days).total_seconds())
    with monkeypatch.context() as patch:
        patch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(then))
        return notifications_center.digest_unsubscribe_token(user_id)


@pytest.fixture
def daily(member):
    return MemberPreferences.objects.create(member=member, email_frequency="daily")


def frequency(member):
    return MemberPreferences.objects.get(member=member).email_frequency


def test_a_link_older_than_sixty_days_offers_to_sign_in_and_changes_nothing(monkeypatch, member, daily):
    WatchFrequency.objects.create(user=member.user, kind="board", object_id=1, frequency="weekly")
    token = token_made_days_ago(monkeypatch, member.user.pk, 61)
    client = Client(enforce_csrf_checks=True)
    for response in (client.get(URL.format(token)), client.post(URL.format(token), ONE_CLICK)):
        assert response.status_code == 400
        page = BeautifulSoup(response.content, "html.parser")
        assert page.find("h1").get_text() == "This link has expired"
        assert "work for 60 days" in page.get_text()
        sign_in = page.find("a", string="sign in")
        assert sign_in["href"] == "/accounts/login/?next=%2Fmembers%2Fprofile%2Fpreferences%2F"
        assert page.find("a", href="/members/profile/preferences/")
        assert not page.find("form", method="post")
    assert frequency(member) == "daily"
    assert WatchFrequency.objects.get(user=member.user).frequency == "weekly"


def test_a_link_within_its_age_still_works_by_one_click_post(monkeypatch, member, daily):
    token = token_made_days_ago(monkeypatch, member.user.pk, 59)
    client = Client(enforce_csrf_checks=True)  # mail clients send no CSRF token
    assert client.get(URL.format(token)).status_code == 200
    assert frequency(member) == "daily"  # GET (a mail scanner) changes nothing
    assert client.post(URL.format(token), ONE_CLICK).status_code == 200
    assert frequency(member) == "off"


def test_the_age_is_a_setting(monkeypatch, settings, member, daily):
    settings.DIGEST_UNSUBSCRIBE_MAX_AGE_DAYS = 1
    token = token_made_days_ago(monkeypatch, member.user.pk, 2)
    response = Client().post(URL.format(token), ONE_CLICK)
    assert response.status_code == 400 and "work for 1 day." in response.content.decode()
    assert frequency(member) == "daily"


def test_links_sent_before_the_change_keep_working_until_they_age(member, daily):
    # Earlier digests signed with signing.dumps (the same timestamped format, no expiry check).
    token = signing.dumps({"u": member.user.pk}, salt=notifications_center.DIGEST_UNSUBSCRIBE_SALT)
    assert Client().post(URL.format(token), ONE_CLICK).status_code == 200
    assert frequency(member) == "off"


def test_forged_and_tampered_links_say_the_link_does_not_work(member, daily):
    token = notifications_center.digest_unsubscribe_token(member.user.pk)
    other_salt = signing.TimestampSigner(salt="forums.unsubscribe").sign_object({"u": member.user.pk})
    for bad in ["forged", token[:-2] + "xx", other_salt, "<script>alert(1)</script>", "a" * 500]:
        response = Client().post(URL.format(bad), ONE_CLICK)
        assert response.status_code in (400, 404)
        if response.status_code == 400:
            assert "This link does not work" in response.content.decode()
            assert "<script>alert(1)" not in response.content.decode()
    assert frequency(member) == "daily"


def test_the_digest_email_carries_a_fresh_working_one_click_link(
    board, member, other_member, daily, django_capture_on_commit_callbacks
):
    BoardWatch.objects.create(user=member.user, board=board)
    TopicFactory(board=board, author=other_member.user, title="Radiation tips")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notifications_center.send_digests("daily")
    digest = mail.outbox[0]
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in digest.body
    path = link[link.index("/members/unsubscribe/digest/") :]
    assert Client(enforce_csrf_checks=True).post(path, ONE_CLICK).status_code == 200
    assert frequency(member) == "off"
