"""The crisis protocol (issue 17): a case per crisis report, Reach out, escalation on a fake clock
through the database task worker, acknowledgement, outcome, the lead's dashboard."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from demo.factories.forums import MemberFactory, PostFactory, TopicFactory
from forums import crisis, reports
from forums.member_models import Message
from forums.models import ActionKind, CrisisCase, ModerationAction, ModerationSettings, Status


@pytest.fixture
def crisis_post(board):
    author = MemberFactory(display_name="QuietOne")
    return PostFactory(topic=TopicFactory(board=board, title="Tonight"), author=author.user, body="So tired")


@pytest.fixture
def config(site):
    config = ModerationSettings.for_site(site)
    config.crisis_staff_email = "oncall@komen.example"
    config.moderators_email = "moderators@komen.example"
    config.save()
    return config


def _report(member, post):
    return reports.report_post(member.user, post, "crisis", "Please check on them")


def test_crisis_report_opens_one_case_at_the_top_of_the_queue(
    crisis_post, moderator, other_member, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _report(other_member, crisis_post)
        _report(member, crisis_post)  # a second report joins the same open case
    case = CrisisCase.objects.get()
    assert case.post == crisis_post and case.source == "report" and case.closed_at is None
    crisis_post.refresh_from_db()
    assert crisis_post.status == Status.VISIBLE  # the post is not hidden automatically
    assert ModerationAction.objects.filter(action=ActionKind.CRISIS_OPEN).count() == 1
    alert = next(m for m in mail.outbox if moderator.user.email in m.to)
    assert "988" in alert.body and f"/moderation/tools/crisis/{case.pk}/" in alert.body
    client = Client()
    client.force_login(moderator.user)
    queue = client.get("/moderation/").content.decode()
    assert "Reach out" in queue and f"/moderation/tools/posts/{crisis_post.pk}/reach-out/" in queue
    page = client.get(f"/moderation/posts/{crisis_post.pk}/").content.decode()
    assert f"/moderation/tools/crisis/{case.pk}/" in page and "Reach out to QuietOne" in page


def test_reach_out_emails_the_author_privately_and_logs_it(
    crisis_post, moderator, other_member, config, site, django_capture_on_commit_callbacks
):
    from resources.models import HelplineSettings

    _report(other_member, crisis_post)
    case = CrisisCase.objects.get()
    client = Client()
    client.force_login(moderator.user)
    form = client.get(f"/moderation/tools/posts/{crisis_post.pk}/reach-out/").content.decode()
    helpline = HelplineSettings.for_site(site)
    assert "988" in form and helpline.display_number in form and "Hello QuietOne" in form
    mail.outbox.clear()
    assert (
        client.post(f"/moderation/tools/posts/{crisis_post.pk}/reach-out/", {"message": ""}).status_code
        == 400
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/moderation/tools/posts/{crisis_post.pk}/reach-out/",
            {"message": "Hello QuietOne, <b>you matter</b>. Call or text 988 any time."},
        )
    assert response.status_code == 302 and response["Location"] == f"/moderation/tools/crisis/{case.pk}/"
    assert [m.to for m in mail.outbox] == [[crisis_post.author.email]]  # to the author only
    assert "you matter" in mail.outbox[0].body and mail.outbox[0].reply_to == ["moderators@komen.example"]
    case.refresh_from_db()
    assert case.contacted_by == moderator.user and case.acknowledged_at is not None
    row = ModerationAction.objects.get(action=ActionKind.REACH_OUT)
    assert row.moderator == moderator.user and row.after["case"] == case.pk
    # Sent as a private message too, through the messaging layer (forums.crisis_outreach).
    assert row.after["messaged"] is True
    sent = Message.objects.get(author=moderator.user)
    assert "you matter" in sent.body and sent.status == "visible"
    assert set(sent.conversation.participants.values_list("user_id", flat=True)) == {
        moderator.user.pk,
        crisis_post.author_id,
    }


def test_only_the_boards_moderators_handle_a_case(crisis_post, other_moderator, other_member, member_client):
    _report(other_member, crisis_post)
    case = CrisisCase.objects.get()
    client = Client()
    client.force_login(other_moderator.user)
    for url in (
        f"/moderation/tools/crisis/{case.pk}/",
        f"/moderation/tools/posts/{crisis_post.pk}/reach-out/",
    ):
        assert client.get(url).status_code == 403
        assert member_client.get(url).status_code == 403
    assert client.post(f"/moderation/tools/crisis/{case.pk}/acknowledge/").status_code == 403
    assert Client().get(f"/moderation/tools/crisis/{case.pk}/").status_code == 302  # sign in first
    assert client.get("/moderation/tools/crisis/99999999/").status_code == 404
    assert client.get(f"/moderation/tools/crisis/{2**63}/").status_code == 404


def _run_worker():
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    for queued in list(DBTaskResult.objects.ready()):
        queued.claim("test-worker")
        worker.run_task(queued)


def test_unacknowledged_case_escalates_on_a_fake_clock_through_the_worker(
    crisis_post, moderator, lead, other_member, config, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    start = timezone.now()
    case = crisis.open_case(crisis_post, now=start)
    escalate = lambda minutes: crisis.escalate_due(now=start + dt.timedelta(minutes=minutes))  # noqa: E731

    with django_capture_on_commit_callbacks(execute=True):
        assert escalate(14) == []  # within the 15 minutes: nothing
        _run_worker()  # the immediate alert, through the worker
        mail.outbox.clear()
        assert [c.pk for c in escalate(15)] == [case.pk]
    assert mail.outbox == []  # queued, not sent: the worker sends it
    _run_worker()
    assert sorted(a for m in mail.outbox for a in m.to) == sorted([lead.user.email, "oncall@komen.example"])
    assert "not yet acknowledged" in mail.outbox[0].subject and "after 15 minutes" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert escalate(29) == []  # the next one comes 15 minutes later
        assert len(escalate(30)) == 1
    case.refresh_from_db()
    assert case.escalation_count == 2
    crisis.acknowledge(moderator.user, case, now=start + dt.timedelta(minutes=31))
    with django_capture_on_commit_callbacks(execute=True):
        assert escalate(60) == []  # acknowledged: escalation stops
    rows = list(ModerationAction.objects.filter(target_id=crisis_post.pk).order_by("created_at", "pk"))
    assert [r.action for r in rows] == [
        ActionKind.CRISIS_OPEN,
        ActionKind.CRISIS_ESCALATE,
        ActionKind.CRISIS_ESCALATE,
        ActionKind.CRISIS_ACK,
    ]
    case.refresh_from_db()
    assert case.acknowledged_at == start + dt.timedelta(minutes=31)


def test_escalation_stops_at_the_limit_and_the_command_runs_it(crisis_post, lead, config):
    config.crisis_max_escalations = 2
    config.save()
    start = timezone.now() - dt.timedelta(hours=3)
    case = crisis.open_case(crisis_post, now=start)
    for minutes in (15, 30, 45, 60):
        crisis.escalate_due(now=start + dt.timedelta(minutes=minutes))
    case.refresh_from_db()
    assert case.escalation_count == 2
    other = crisis.open_case(PostFactory(topic=crisis_post.topic), now=start)
    out = __import__("io").StringIO()
    call_command("escalate_crisis_cases", stdout=out)
    assert "Escalated 1 crisis case(s)" in out.getvalue()
    other.refresh_from_db()
    assert other.escalation_count == 1


def test_close_needs_an_outcome_and_is_logged(crisis_post, moderator, other_member):
    _report(other_member, crisis_post)
    case = CrisisCase.objects.get()
    client = Client()
    client.force_login(moderator.user)
    assert client.post(f"/moderation/tools/crisis/{case.pk}/close/", {"outcome": ""}).status_code == 400
    response = client.post(
        f"/moderation/tools/crisis/{case.pk}/close/", {"outcome": "Replied, safe, seeing nurse"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.closed_by == moderator.user and case.outcome == "Replied, safe, seeing nurse"
    assert client.post(f"/moderation/tools/crisis/{case.pk}/close/", {"outcome": "again"}).status_code == 409
    page = client.get(f"/moderation/tools/crisis/{case.pk}/").content.decode()
    assert "Closed crisis case" in page and "Replied, safe" in page


def test_every_case_action_answers_the_same_way(crisis_post, moderator, other_member):
    """Acknowledge and close are one view driven by a table: the same guards for both."""
    _report(other_member, crisis_post)
    case = CrisisCase.objects.get()
    client = Client()
    client.force_login(moderator.user)
    for action in ("acknowledge", "close"):
        url = f"/moderation/tools/crisis/{case.pk}/{action}/"
        assert client.get(url).status_code == 405
        assert Client().post(url).status_code == 302  # sign in first
        assert client.post(f"/moderation/tools/crisis/99999999/{action}/").status_code == 404
    response = client.post(f"/moderation/tools/crisis/{case.pk}/acknowledge/")
    assert response.status_code == 302 and response["Location"] == f"/moderation/tools/crisis/{case.pk}/"
    case.refresh_from_db()
    assert case.acknowledged_by == moderator.user and case.closed_at is None


def test_crisis_dashboard_for_leads_only_with_times(
    crisis_post, lead, moderator, django_assert_max_num_queries
):
    now = timezone.now()
    first = crisis.open_case(crisis_post, now=now - dt.timedelta(days=2))
    crisis.acknowledge(lead.user, first, now=now - dt.timedelta(days=2) + dt.timedelta(minutes=10))
    crisis.close(lead.user, first, "Safe", now=now - dt.timedelta(days=2) + dt.timedelta(minutes=40))
    for n in range(3):
        crisis.open_case(PostFactory(topic=crisis_post.topic), now=now - dt.timedelta(minutes=n))
    client = Client()
    client.force_login(moderator.user)
    assert client.get("/moderation/tools/crisis/").status_code == 403
    client.force_login(lead.user)
    with django_assert_max_num_queries(16):
        html = client.get("/moderation/tools/crisis/", {"days": "30"}).content.decode()
    assert "Open cases (3)" in html and "10.0 minutes" in html and "40.0 minutes" in html
    assert client.get("/moderation/tools/crisis/", {"days": "banana"}).status_code == 400
    stats = crisis.dashboard(90, now=now)
    assert stats["opened"] == 4 and stats["median_ack_minutes"] == 10.0
