import re

from django.core import mail
from django.test import Client

from forums.models import BoardWatch, TopicWatch
from forums.notifications import unsubscribe_token
from tests.factories.forums import MemberFactory, TopicFactory


def test_topic_and_board_watchers_get_one_email_each_with_unsubscribe(
    member_client, board, member, other_member
):
    topic = TopicFactory(board=board, author=other_member.user, title="Scan day")
    board_watcher = MemberFactory(display_name="Watcher")
    BoardWatch.objects.create(user=board_watcher.user, board=board)
    TopicWatch.objects.create(user=board_watcher.user, topic=topic)  # both: still one email
    TopicWatch.objects.create(user=other_member.user, topic=topic)
    quiet = MemberFactory(email_notifications=False)
    TopicWatch.objects.create(user=quiet.user, topic=topic)
    mail.outbox.clear()

    member_client.post(topic.url + "reply/", {"message": "Thinking of you today"})

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([board_watcher.user.email, other_member.user.email])
    message = next(m for m in mail.outbox if m.to == [other_member.user.email])
    assert "Scan day" in message.subject
    assert "Maple replied" in message.body
    assert "Thinking of you today" not in message.body  # words stay on the site
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.search(r"http://[^/]+(/members/unsubscribe/[^\s]+/)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"].endswith(url + ">")

    response = Client().get(url)  # one click, no sign-in needed
    assert response.status_code == 200 and "You are unsubscribed" in response.content.decode()
    assert not TopicWatch.objects.filter(user=other_member.user, topic=topic).exists()
    undo = Client().post(url, {"watch": "1"})
    assert undo.status_code == 200
    assert TopicWatch.objects.filter(user=other_member.user, topic=topic).exists()
    assert Client().post(url).status_code == 200  # RFC 8058 one-click POST from a mail client
    assert not TopicWatch.objects.filter(user=other_member.user, topic=topic).exists()


def test_new_topic_emails_board_watchers_not_the_author(member_client, board, member, other_member):
    BoardWatch.objects.create(user=other_member.user, board=board)
    BoardWatch.objects.create(user=member.user, board=board)
    mail.outbox.clear()
    member_client.post(board.url + "new/", {"title": "Hello board", "message": "Hi"})
    assert [m.to for m in mail.outbox] == [[other_member.user.email]]
    assert "New topic in" in mail.outbox[0].subject


def test_held_posts_send_no_email(member_client, board, other_member):
    board.premoderation = "all"
    board.save()
    topic = TopicFactory(board=board, author=other_member.user)
    TopicWatch.objects.create(user=other_member.user, topic=topic)
    mail.outbox.clear()
    member_client.post(topic.url + "reply/", {"message": "Held reply"})
    assert mail.outbox == []


def test_bad_unsubscribe_tokens_are_refused(client, home, member):
    assert client.get("/members/unsubscribe/not-a-token/").status_code == 400
    token = unsubscribe_token(member.user.pk, "topic", 1)
    assert client.get(f"/members/unsubscribe/{token[:-2]}xx/").status_code == 400
    assert client.get(f"/members/unsubscribe/{token}/").status_code == 200  # nothing to remove: still fine


def test_production_queue_sends_through_the_database_worker(member_client, board, other_member, settings):
    """With the database backend (production), posting only queues; the worker sends."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    topic = TopicFactory(board=board, author=other_member.user)
    TopicWatch.objects.create(user=other_member.user, topic=topic)
    mail.outbox.clear()
    member_client.post(topic.url + "reply/", {"message": "Queued reply"})
    assert mail.outbox == []
    # What `db_worker` does for each queued task (its loop also closes connections, which
    # would end this test's transaction). Wagtail's own tasks share the queue in production.
    ours = DBTaskResult.objects.ready().filter(task_path="forums.tasks.send_new_post_emails")
    assert ours.exists()
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
    assert [m.to for m in mail.outbox] == [[other_member.user.email]]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
