"""Crisis cases on private messages (issue 17): a member's crisis report or a "crisis" watched
word in a message opens a case like a post's, escalated on the same schedule (fake clock,
database task worker), handled by the lead moderators only, counted on the dashboard."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from demo.factories.forums import PostFactory, TopicFactory
from forums import crisis, crisis_outreach, message_reports
from forums import messages as pm
from forums.member_models import MemberPreferences, Message, MessageReport
from forums.models import ActionKind, CrisisCase, ModerationAction, ModerationSettings
from forums.modtools_models import WatchedAction, WatchedWord
from tests.forums.test_crisis import _run_worker

NEW = "/members/messages/new/"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def config(site):
    config = ModerationSettings.for_site(site)
    config.crisis_staff_email = "oncall@komen.example"
    config.save()
    return config


@pytest.fixture
def sent(member, other_member):
    """Maple's message to River."""
    response = client_for(member.user).post(
        NEW, {"to": "River", "subject": "Tonight", "message": "I can't go on"}
    )
    assert response.status_code == 302
    return Message.objects.get()


def _report_crisis(other_member, message):
    return client_for(other_member.user).post(
        f"/members/messages/report/{message.pk}/", {"reason": "crisis", "details": "Please check"}
    )


def test_a_members_crisis_report_on_a_message_opens_a_case_and_alerts_the_leads(
    sent, other_member, lead, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _report_crisis(other_member, sent)
    assert response.status_code == 200 and "988" in response.content.decode()
    case = CrisisCase.objects.get()
    report = MessageReport.objects.get(reason="crisis")
    assert case.message == sent and case.message_report == report and case.source == "report"
    assert case.post is None and case.board is None and case.closed_at is None
    row = ModerationAction.objects.get(action=ActionKind.CRISIS_OPEN)
    assert row.target_type == "message" and row.target_id == sent.pk and row.moderator is None
    assert "can't go on" not in row.target_label  # the log names the message, never its words
    alert = [m for m in mail.outbox if "URGENT" in m.subject]
    assert len(alert) == 1 and alert[0].to == [lead.user.email]  # leads only: no board
    body = alert[0].body
    assert f"/moderation/tools/crisis/{case.pk}/" in body and f"/moderation/messages/{report.pk}/" in body
    assert "988" in body and "Hello Maple" in body  # the reply template, for the sender
    assert "can't go on" not in body  # reading the message is logged: the email does not quote it

    # First in the lead's queue, and on the case page with a link to the (logged) review.
    queue = BeautifulSoup(client_for(lead.user).get("/moderation/").content, "html.parser")
    items = queue.select(".queue-messages .queue-item")
    assert items and "queue-item--crisis" in items[0]["class"]
    page = client_for(lead.user).get(f"/moderation/tools/crisis/{case.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "private message" in html and "Sent by Maple" in html
    assert f"/moderation/messages/{report.pk}/" in html and "can't go on" not in html
    assert not ModerationAction.objects.filter(action=ActionKind.READ_PM).exists()


def test_a_second_crisis_report_joins_the_open_case(sent, member, other_member, lead):
    pm.reply(sent.conversation, other_member.user, "Are you there?")
    reply = Message.objects.get(author=other_member.user)
    first = crisis.open_message_case(sent)  # e.g. a watched word, without a report yet
    report = message_reports.report_message(other_member.user, sent, "crisis", "Please check")
    assert CrisisCase.objects.get() == first
    first.refresh_from_db()
    assert first.message_report == report
    message_reports.report_message(member.user, reply, "crisis")  # another message: its own case
    assert CrisisCase.objects.count() == 2


def test_a_crisis_watched_word_in_a_message_opens_a_case(
    member, other_member, lead, django_capture_on_commit_callbacks
):
    WatchedWord.objects.create(word="end it all", action=WatchedAction.CRISIS)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(member.user).post(
            NEW, {"to": "River", "subject": "Tonight", "message": "I want to end it all"}
        )
    assert response.status_code == 302
    message = Message.objects.get()
    case = CrisisCase.objects.get()
    assert case.message == message and case.source == "watched_word" and case.matched == "end it all"
    assert case.message_report == MessageReport.objects.get(message=message, reporter=None)
    alert = [m for m in mail.outbox if "URGENT" in m.subject]
    assert len(alert) == 1 and "“end it all”" in alert[0].body


def test_a_message_case_escalates_on_a_fake_clock_until_a_lead_acknowledges_it(
    sent, other_member, lead, config, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    start = timezone.now()
    report = message_reports.report_message(other_member.user, sent, "crisis", "Please check")
    case = CrisisCase.objects.get()
    CrisisCase.objects.filter(pk=case.pk).update(opened_at=start)
    escalate = lambda minutes: crisis.escalate_due(now=start + dt.timedelta(minutes=minutes))  # noqa: E731

    with django_capture_on_commit_callbacks(execute=True):
        assert escalate(14) == []
        _run_worker()
        mail.outbox.clear()
        assert [c.pk for c in escalate(15)] == [case.pk]
    assert mail.outbox == []  # the worker sends it
    _run_worker()
    assert sorted(a for m in mail.outbox for a in m.to) == sorted([lead.user.email, "oncall@komen.example"])
    email = mail.outbox[0]
    assert "not yet acknowledged" in email.subject and "a private message" in email.subject
    assert "after 15 minutes" in email.body and "Private message by: Maple" in email.body
    assert f"/moderation/messages/{report.pk}/" in email.body and "can't go on" not in email.body

    with django_capture_on_commit_callbacks(execute=True):
        assert len(escalate(30)) == 1
        crisis.acknowledge(lead.user, case, now=start + dt.timedelta(minutes=31))
        assert escalate(60) == []  # acknowledged: escalation stops
    case.refresh_from_db()
    assert case.escalation_count == 2 and case.acknowledged_by == lead.user

    response = client_for(lead.user).post(
        f"/moderation/tools/crisis/{case.pk}/close/", {"outcome": "Talked, safe, helpline tomorrow"}
    )
    assert response.status_code == 302
    rows = ModerationAction.objects.filter(target_type="message", target_id=sent.pk).order_by(
        "created_at", "pk"
    )
    assert [r.action for r in rows] == [
        ActionKind.CRISIS_OPEN,
        ActionKind.CRISIS_ESCALATE,
        ActionKind.CRISIS_ESCALATE,
        ActionKind.CRISIS_ACK,
        ActionKind.CRISIS_CLOSE,
    ]
    assert rows.last().moderator == lead.user and rows.last().board is None
    page = client_for(lead.user).get(f"/moderation/tools/crisis/{case.pk}/").content.decode()
    assert "Closed crisis case" in page and "Talked, safe" in page


def test_only_lead_moderators_handle_a_message_case(sent, other_member, moderator, member, lead):
    message_reports.report_message(other_member.user, sent, "crisis")
    case = CrisisCase.objects.get()
    for user in (moderator.user, member.user):
        client = client_for(user)
        assert client.get(f"/moderation/tools/crisis/{case.pk}/").status_code == 403
        assert client.post(f"/moderation/tools/crisis/{case.pk}/acknowledge/").status_code == 403
        assert client.post(f"/moderation/tools/crisis/{case.pk}/close/", {"outcome": "x"}).status_code == 403
        assert client.get("/moderation/tools/crisis/").status_code == 403
    assert Client().get(f"/moderation/tools/crisis/{case.pk}/").status_code == 302  # sign in first
    with pytest.raises(PermissionDenied):
        crisis.acknowledge(moderator.user, case)
    case.refresh_from_db()
    assert case.acknowledged_at is None and case.closed_at is None
    assert not ModerationAction.objects.filter(action=ActionKind.CRISIS_ACK).exists()
    response = client_for(lead.user).post(f"/moderation/tools/crisis/{case.pk}/acknowledge/")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.acknowledged_by == lead.user


def test_the_dashboard_counts_message_cases_beside_post_cases(
    sent, other_member, lead, board, django_assert_max_num_queries
):
    now = timezone.now()
    post_case = crisis.open_case(
        PostFactory(topic=TopicFactory(board=board)), now=now - dt.timedelta(hours=2)
    )
    message_case = crisis.open_message_case(sent, now=now - dt.timedelta(hours=1))
    crisis.acknowledge(lead.user, message_case, now=now - dt.timedelta(minutes=40))
    client = client_for(lead.user)
    with django_assert_max_num_queries(16):
        response = client.get("/moderation/tools/crisis/", {"days": "30"})
    html = response.content.decode()
    assert response.status_code == 200 and "Open cases (2)" in html
    assert f"/moderation/tools/crisis/{message_case.pk}/" in html and "a private message</a> by Maple" in html
    assert f"/moderation/tools/crisis/{post_case.pk}/" in html
    stats = crisis.dashboard(30, now=now)
    assert stats["opened"] == 2 and stats["acknowledged"] == 1 and stats["median_ack_minutes"] == 20.0


def test_a_case_is_about_exactly_one_post_or_message(sent, board):
    post = PostFactory(topic=TopicFactory(board=board))
    for fields in ({}, {"post": post, "board": board, "message": sent}, {"post": post}, {"board": board}):
        with pytest.raises(IntegrityError), transaction.atomic():
            CrisisCase.objects.create(source="report", **fields)
    crisis.open_message_case(sent)
    with pytest.raises(IntegrityError), transaction.atomic():  # one open case per message
        CrisisCase.objects.create(source="report", message=sent)


def test_a_lead_moderator_with_no_boards_sees_an_empty_queue(site, lead, member):
    response = client_for(lead.user).get("/moderation/")
    assert response.status_code == 200
    assert "Nothing needs you right now" in response.content.decode()
    assert client_for(member.user).get("/moderation/").status_code == 403
    assert Client().get("/moderation/").status_code == 302


def test_a_lead_moderator_with_no_boards_sees_a_message_crisis_report(site, lead, sent, other_member):
    """Private messages belong to no board: their reports reach a lead even before any board."""
    message_reports.report_message(other_member.user, sent, "crisis")
    queue = BeautifulSoup(client_for(lead.user).get("/moderation/").content, "html.parser")
    items = queue.select(".queue-messages .queue-item")
    assert len(items) == 1 and "queue-item--crisis" in items[0]["class"]


def test_reach_out_from_a_message_case_emails_and_messages_the_sender(
    sent, member, other_member, lead, moderator, config, django_capture_on_commit_callbacks
):
    message_reports.report_message(other_member.user, sent, "crisis")
    case = CrisisCase.objects.get()
    url = f"/moderation/tools/crisis/{case.pk}/reach-out/"
    assert client_for(moderator.user).get(url).status_code == 403  # a board moderator
    assert client_for(other_member.user).post(url, {"message": "hi"}).status_code == 403
    client = client_for(lead.user)
    form = client.get(url).content.decode()
    assert "Hello Maple" in form and "988" in form and "can't go on" not in form
    assert client.post(url, {"message": "   "}).status_code == 400
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "Hello Maple, <script>x</script>you matter. Call 988."})
    assert response.status_code == 302 and response["Location"] == f"/moderation/tools/crisis/{case.pk}/"
    assert [m.to for m in mail.outbox] == [[member.user.email]]
    assert "a private message you sent" in mail.outbox[0].body
    note = Message.objects.get(author=lead.user)
    assert "you matter" in note.body and "<script>" not in note.body_html
    assert not CrisisCase.objects.filter(message=note).exists()  # the caring note opens no case
    case.refresh_from_db()
    assert case.contacted_by == lead.user and case.acknowledged_by == lead.user
    row = ModerationAction.objects.get(action=ActionKind.REACH_OUT)
    assert row.target_type == "message" and row.target_id == sent.pk
    assert row.after["emailed"] is True and row.after["messaged"] is True

    client.post(f"/moderation/tools/crisis/{case.pk}/close/", {"outcome": "Safe"})
    assert client.get(url).status_code == 409  # closed: nothing more to send from it


def test_reach_out_skips_the_private_message_for_a_member_who_turned_them_off(
    sent, member, other_member, lead, config
):
    MemberPreferences.objects.create(member=member, allow_messages=False)
    message_reports.report_message(other_member.user, sent, "crisis")
    case = CrisisCase.objects.get()
    crisis_outreach.reach_out_about_message(lead.user, case, "Hello Maple, call 988.")
    assert not Message.objects.filter(author=lead.user).exists()
    row = ModerationAction.objects.get(action=ActionKind.REACH_OUT)
    assert row.after["messaged"] is False
