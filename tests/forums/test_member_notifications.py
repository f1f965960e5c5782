"""Notifications the member controls: frequency per member and per watch, pause, digests
(`send_digests`), the on-site notifications page and mentions (issue 16)."""

import datetime as dt

from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from demo.factories.forums import MemberFactory, PostFactory, TopicFactory
from forums import notifications_center
from forums.member_models import DigestDelivery, MemberPreferences, Notification, WatchFrequency
from forums.models import BoardWatch, Status, TopicWatch
from tests.utils import count_queries


def client_for(member):
    client = Client()
    client.force_login(member.user)
    return client


def test_daily_digest_lists_only_readable_visible_content_and_is_idempotent(
    board, private_board, member, other_member, django_capture_on_commit_callbacks
):
    MemberPreferences.objects.create(member=member, email_frequency="daily")
    BoardWatch.objects.create(user=member.user, board=board)
    BoardWatch.objects.create(user=member.user, board=private_board)
    watched = TopicFactory(board=board, author=other_member.user, title="Radiation tips")
    TopicWatch.objects.create(user=member.user, topic=watched)
    PostFactory(topic=watched, author=other_member.user, body="Use aloe")
    held = TopicFactory(board=board, author=other_member.user, title="Held topic")
    held.posts.update(status=Status.HELD)
    type(held).objects.filter(pk=held.pk).update(status=Status.HELD)
    hidden = PostFactory(topic=watched, author=other_member.user, body="hidden words")
    hidden.status = Status.HIDDEN
    hidden.save()
    TopicFactory(board=private_board, author=other_member.user, title="Members only topic")
    TopicFactory(board=board, author=member.user, title="My own topic")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", "daily")
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [member.user.email]
    assert "Radiation tips" in digest.body and "Members only topic" in digest.body
    assert "Held topic" not in digest.body and "My own topic" not in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/members/unsubscribe/digest/" in digest.extra_headers["List-Unsubscribe"]

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", "daily")
    assert len(mail.outbox) == 1  # the same period: nothing twice
    assert DigestDelivery.objects.filter(user=member.user).count() == 1


def test_digest_leaves_out_boards_the_member_can_no_longer_read(
    board, member, other_member, django_capture_on_commit_callbacks
):
    MemberPreferences.objects.create(member=member, email_frequency="weekly")
    BoardWatch.objects.create(user=member.user, board=board)
    TopicFactory(board=board, author=other_member.user, title="Soon gone")
    board.unpublish()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = notifications_center.send_digests("weekly")
    assert sent == 0 and mail.outbox == []


def test_immediate_email_respects_frequency_per_watch_and_pause(
    board, member, other_member, django_capture_on_commit_callbacks
):
    topic = TopicFactory(board=board, author=member.user)
    TopicWatch.objects.get_or_create(user=member.user, topic=topic)
    mail.outbox.clear()
    from forums import posting

    posting.reply_to(topic, other_member, "first reply")
    assert len(mail.outbox) == 1
    WatchFrequency.objects.create(user=member.user, kind="topic", object_id=topic.pk, frequency="daily")
    posting.reply_to(topic, other_member, "second reply")
    assert len(mail.outbox) == 1
    WatchFrequency.objects.filter(user=member.user).delete()
    MemberPreferences.objects.create(member=member, emails_paused_until=timezone.now() + dt.timedelta(days=3))
    posting.reply_to(topic, other_member, "third reply")
    assert len(mail.outbox) == 1


def test_preferences_form_and_watch_frequency(board, member):
    client = client_for(member)
    BoardWatch.objects.create(user=member.user, board=board)
    page = client.get("/members/profile/preferences/")
    assert page.status_code == 200 and board.title in page.content.decode()
    past = client.post(
        "/members/profile/preferences/", {"email_frequency": "daily", "emails_paused_until": "2001-01-01"}
    )
    assert past.status_code == 400 and "Choose a date in the future" in past.content.decode()
    assert BeautifulSoup(past.content, "html.parser").find(class_="error-summary")
    bad = client.post("/members/profile/preferences/", {"email_frequency": "hourly"})
    assert bad.status_code == 400
    ok = client.post("/members/profile/preferences/", {"email_frequency": "weekly", "allow_messages": ""})
    assert ok.status_code == 302
    prefs = MemberPreferences.objects.get(member=member)
    assert prefs.email_frequency == "weekly" and prefs.allow_messages is False
    assert (
        client.post(
            "/members/profile/watch-frequency/", {"kind": "board", "object_id": board.pk, "frequency": "off"}
        ).status_code
        == 302
    )
    assert WatchFrequency.objects.get(user=member.user).frequency == "off"
    assert (
        client.post(
            "/members/profile/watch-frequency/", {"kind": "topic", "object_id": 99999, "frequency": "off"}
        ).status_code
        == 404
    )
    assert client.post("/members/profile/watch-frequency/", {"kind": "<x>"}).status_code == 400


def test_digest_unsubscribe_get_shows_button_post_turns_off(member):
    MemberPreferences.objects.create(member=member, email_frequency="daily")
    token = notifications_center.digest_unsubscribe_token(member.user.pk)
    client = Client(enforce_csrf_checks=True)
    page = client.get(f"/members/unsubscribe/digest/{token}/")
    assert page.status_code == 200 and MemberPreferences.objects.get(member=member).email_frequency == "daily"
    assert (
        client.post(f"/members/unsubscribe/digest/{token}/", {"List-Unsubscribe": "One-Click"}).status_code
        == 200
    )
    assert MemberPreferences.objects.get(member=member).email_frequency == "off"
    assert client.get("/members/unsubscribe/digest/forged/").status_code == 400


def test_mentions_notify_readers_only_and_at_most_ten(board, private_board, member, other_member):
    from forums import posting

    names = [MemberFactory(display_name=f"Pal {n}") for n in range(12)]
    topic = TopicFactory(board=board, author=member.user)
    body = "Thanks @River and @pal 1, " + " ".join(f"@Pal {n}" for n in range(2, 12))
    posting.reply_to(topic, member, body)
    mentioned = set(
        Notification.objects.filter(kind="mention").values_list("user__member__display_name", flat=True)
    )
    assert "River" in mentioned and "Pal 1" in mentioned
    assert len(mentioned) == 10
    assert not Notification.objects.filter(user=member.user, kind="mention").exists()
    assert names  # created


def test_replies_and_mentions_on_the_notifications_page_with_badge(board, member, other_member):
    from forums import posting

    topic = TopicFactory(board=board, author=member.user, title="My question")
    posting.reply_to(topic, other_member, "An answer for @Maple")
    client = client_for(member)
    page = client.get("/members/notifications/")
    html = BeautifulSoup(page.content, "html.parser")
    texts = [li.get_text(" ", strip=True) for li in html.select(".notification")]
    assert any("River replied to your topic “My question”" in t for t in texts)
    assert len(texts) == 1  # the reply already tells them; no second line for the mention
    badge = BeautifulSoup(client.get(topic.url).content, "html.parser").select_one(".member-links .badge")
    assert badge and badge.get_text(strip=True).startswith("1")
    client.post("/members/notifications/")
    assert not Notification.objects.filter(user=member.user, read_at__isnull=True).exists()


def test_badge_counts_from_the_users_row_not_a_stale_cache(board, member):
    """The session's user is loaded with its unread count (issue 15): the badge is the
    database's number even when the shared cache holds another, and each change shows at once."""
    from django.core.cache import cache

    from forums.member_models import unread_cache_key

    topic = TopicFactory(board=board, author=member.user, title="Badge")
    client = client_for(member)

    def badge():
        html = BeautifulSoup(client.get(topic.url).content, "html.parser")
        found = html.select_one(".member-links .badge")
        return found.get_text(" ", strip=True) if found else None

    assert badge() is None
    for n in range(3):
        notifications_center.notify(member.user, "reply", f"Note {n}", "/x/")
    cache.set(unread_cache_key(member.user.pk), 99)  # a count no longer true
    assert badge() == "3 unread"
    Notification.objects.filter(user=member.user).order_by("pk").first().delete()
    assert badge() == "2 unread"
    client.post("/members/notifications/")
    assert badge() is None
    # Another member's notifications never count.
    other = MemberFactory()
    notifications_center.notify(other.user, "reply", "Not yours", "/x/")
    assert badge() is None


def test_unread_count_of_a_loaded_user_is_dropped_when_it_changes(member):
    from komensite.auth_backends import MemberBackend

    user = MemberBackend().get_user(member.user.pk)
    assert notifications_center.unread_count(user) == 0
    notifications_center.notify(user, "reply", "New", "/x/")
    assert notifications_center.unread_count(user) == 1
    notifications_center.mark_all_read(user)
    assert notifications_center.unread_count(user) == 0


def test_mention_autocomplete_json(member_client, other_member):
    assert member_client.get("/members/mention-names/?q=ri").json() == {"names": ["River"]}
    assert member_client.get("/members/mention-names/?q=r").json() == {"names": []}
    assert member_client.get("/members/mention-names/?q=%00%3Cscript").json() == {"names": []}
    assert Client().get("/members/mention-names/?q=ri").status_code == 302


def test_notifications_page_constant_queries(member, django_assert_max_num_queries):
    client = client_for(member)
    for n in range(3):
        notifications_center.notify(member.user, "reply", f"Note {n}", "/x/")
    client.get("/members/notifications/")
    small = count_queries(client.get, "/members/notifications/")[1]
    for n in range(60):
        notifications_center.notify(member.user, "mention", f"More {n}", "/y/")
    client.get("/members/notifications/")  # the unread count is cached again
    large = count_queries(client.get, "/members/notifications/")[1]
    page2 = count_queries(client.get, "/members/notifications/?page=2")[1]
    assert small == large == page2
    with django_assert_max_num_queries(14):
        client.get("/members/notifications/")
