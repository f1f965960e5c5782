"""The task worker under faults (issue 13, items 5-7), on the suite's real PostgreSQL: a worker
whose connections are killed and whose database is unreachable for a while, a task left
RUNNING by a dead worker, and what /health/ says about them."""

import datetime as dt
import threading
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from demo.factories.forums import MemberFactory, TopicFactory
from forums.models import BoardWatch, PostEmailSent
from forums.tasks import send_new_post_emails, send_plain_email
from worker.models import WorkerHeartbeat
from worker.runner import ResilientWorker, reclaim_abandoned_tasks

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.TASK_WORKER_HEARTBEAT_SECONDS = 0.2
    settings.TASK_WORKER_LEASE_SECONDS = 60
    settings.TASK_WORKER_MAX_BACKOFF_SECONDS = 1


def wait_for(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def status_of(result):
    return DBTaskResult.objects.get(pk=result.id).status


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_survives_losing_its_database_and_runs_the_next_task(database_queue):
    worker = ResilientWorker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=0.1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="survivor",
    )
    failures = []

    def run():
        try:
            worker.run()
        except BaseException as error:  # noqa: BLE001 - the test reports how the worker died
            failures.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        first = send_plain_email.enqueue("Before", "Body", ["before@example.org"])
        assert wait_for(lambda: status_of(first) == "SUCCESSFUL")

        # PostgreSQL restarts: every connection of the worker is killed, and for two seconds
        # new connections are refused (settings point at a loopback port nothing listens on).
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] >= 1
        settings_dict = connections.settings["default"]
        original = settings_dict["HOST"], settings_dict["PORT"]
        settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", "9"
        try:
            time.sleep(2)
            assert thread.is_alive(), failures
        finally:
            settings_dict["HOST"], settings_dict["PORT"] = original

        second = send_plain_email.enqueue("After", "Body", ["after@example.org"])
        assert wait_for(lambda: status_of(second) == "SUCCESSFUL"), failures
        assert thread.is_alive() and not failures
        assert worker.reconnects >= 1
        assert [m.to for m in mail.outbox] == [["before@example.org"], ["after@example.org"]]
        assert WorkerHeartbeat.objects.get(worker_id="survivor").beat_at > timezone.now() - dt.timedelta(
            seconds=5
        )
    finally:
        worker.running = False
        worker.stopped.set()
        thread.join(timeout=10)


def abandoned(result, worker_id="dead-worker", minutes=10):
    """Make `result` look like a worker claimed it `minutes` ago and was then `kill -9`ed."""
    long_ago = timezone.now() - dt.timedelta(minutes=minutes)
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", started_at=long_ago, worker_ids=[worker_id]
    )
    WorkerHeartbeat.objects.create(worker_id=worker_id, beat_at=long_ago, started_at=long_ago)


@pytest.fixture
def home_board(home):
    from demo.factories.forums import BoardPageFactory, ForumIndexPageFactory

    return BoardPageFactory(parent=ForumIndexPageFactory(parent=home), title="Board")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_left_running_by_a_dead_worker_is_retried_and_each_email_goes_once(database_queue, home_board):
    author = MemberFactory(display_name="Opal")
    topic = TopicFactory(board=home_board, author=author.user)
    watchers = [MemberFactory() for _ in range(19)]
    for member in watchers:
        BoardWatch.objects.create(user=member.user, board=home_board)
    post = topic.posts.get()
    result = send_new_post_emails.enqueue(post.pk)
    # The dead worker had sent 3 of the 19 emails (each recorded as it went out) when killed.
    for member in watchers[:3]:
        PostEmailSent.objects.create(post=post, user=member.user)
    abandoned(result)

    call_command("task_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL" and row.return_value == 16
    assert len(row.worker_ids) == 2  # the dead worker, then the one that finished it
    sent_now = sorted(address for message in mail.outbox for address in message.to)
    assert sent_now == sorted(m.user.email for m in watchers[3:])
    assert PostEmailSent.objects.filter(post=post).count() == 19

    # A second run of the same task (another reclaim, a manual retry) sends nothing more.
    assert send_new_post_emails.call(post.pk) == 0
    assert len(mail.outbox) == 16


def test_a_live_workers_task_is_left_alone_and_a_task_that_kills_every_worker_fails(database_queue, db):
    busy = send_plain_email.enqueue("Slow", "Body", ["slow@example.org"])
    long_ago = timezone.now() - dt.timedelta(minutes=10)
    DBTaskResult.objects.filter(pk=busy.id).update(
        status="RUNNING", started_at=long_ago, worker_ids=["alive"]
    )
    WorkerHeartbeat.objects.create(worker_id="alive", beat_at=timezone.now())

    doomed = send_plain_email.enqueue("Doomed", "Body", ["doomed@example.org"])
    DBTaskResult.objects.filter(pk=doomed.id).update(
        status="RUNNING", started_at=long_ago, worker_ids=["w1", "w2", "w3"]
    )

    assert reclaim_abandoned_tasks() == (0, 1)
    assert status_of(busy) == "RUNNING"
    failed = DBTaskResult.objects.get(pk=doomed.id)
    assert failed.status == "FAILED" and failed.exception_class_path.endswith("WorkerLost")


def test_health_reports_the_queue_and_the_worker(client, database_queue, settings, db):
    settings.HEALTH_WORKER_SILENT_SECONDS = 120
    old = send_plain_email.enqueue("Waiting", "Body", ["w@example.org"])
    send_plain_email.enqueue("Waiting too", "Body", ["w2@example.org"])
    DBTaskResult.objects.filter(pk=old.id).update(enqueued_at=timezone.now() - dt.timedelta(seconds=300))

    never = client.get("/health/")
    assert never.status_code == 503
    data = never.json()
    assert data["status"] == "degraded" and data["database"] == "ok" and data["cache"] == "ok"
    assert data["worker"] == "silent" and data["last_worker_heartbeat"] is None
    assert data["queue_depth"] == 2 and 299 <= data["oldest_ready_task_age_seconds"] < 400

    beat = timezone.now() - dt.timedelta(seconds=30)
    WorkerHeartbeat.objects.create(worker_id="w", beat_at=beat)
    alive = client.get("/health/")
    assert alive.status_code == 200
    assert alive.json()["status"] == "ok" and alive.json()["worker"] == "ok"
    assert alive.json()["last_worker_heartbeat"] == beat.isoformat()
    assert 29 <= alive.json()["last_worker_heartbeat_age_seconds"] < 60

    WorkerHeartbeat.objects.filter(worker_id="w").update(beat_at=timezone.now() - dt.timedelta(seconds=121))
    silent = client.get("/health/")
    assert silent.status_code == 503 and silent.json()["worker"] == "silent"


def test_health_without_a_task_queue_keeps_its_fields(client, db):
    assert client.get("/health/").json() == {"status": "ok", "database": "ok", "cache": "ok"}
