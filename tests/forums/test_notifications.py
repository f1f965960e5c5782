import re
import time

from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client

from demo.factories.forums import MemberFactory, TopicFactory
from forums.models import BoardWatch, TopicWatch
from forums.notifications import unsubscribe_token


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

    # Mail scanners follow links: a GET only shows the button.
    page = Client().get(url)
    assert page.status_code == 200 and "Stop these emails?" in page.content.decode()
    assert TopicWatch.objects.filter(user=other_member.user, topic=topic).exists()
    # RFC 8058 one-click POST from a mail client: no session, no CSRF token.
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You are unsubscribed" in response.content.decode()
    assert not TopicWatch.objects.filter(user=other_member.user, topic=topic).exists()


def _watched_topic_token(board, member):
    topic = TopicFactory(board=board, title="Scan day")
    TopicWatch.objects.create(user=member.user, topic=topic)
    return topic, f"/members/unsubscribe/{unsubscribe_token(member.user.pk, 'topic', topic.pk)}/"


def test_the_unsubscribe_page_button_unsubscribes_and_undo_needs_csrf(board, member):
    topic, url = _watched_topic_token(board, member)
    browser = Client(enforce_csrf_checks=True)
    form = BeautifulSoup(browser.get(url).content, "html.parser").find("main").find("form")
    assert len(form.find_all("button")) == 1
    fields = {i["name"]: i["value"] for i in form.find_all("input")}
    done = browser.post(form["action"], fields)
    assert done.status_code == 200
    assert not TopicWatch.objects.filter(user=member.user, topic=topic).exists()
    undo = BeautifulSoup(done.content, "html.parser").find("main").find("form")
    assert undo["action"] == url + "undo/"
    # Without the CSRF token (another site posting) the undo is refused.
    assert Client(enforce_csrf_checks=True).post(undo["action"]).status_code == 403
    assert not TopicWatch.objects.filter(user=member.user, topic=topic).exists()
    fields = {i["name"]: i["value"] for i in undo.find_all("input")}
    again = browser.post(undo["action"], fields)
    assert again.status_code == 200 and "You are watching again" in again.content.decode()
    assert TopicWatch.objects.filter(user=member.user, topic=topic).exists()


def test_a_post_without_the_one_click_body_changes_nothing(client, board, member):
    topic, url = _watched_topic_token(board, member)
    assert client.post(url).status_code == 400
    assert client.post(url, {"watch": "1"}).status_code == 400
    assert TopicWatch.objects.filter(user=member.user, topic=topic).exists()


def test_unsubscribe_links_expire_after_90_days_and_explain_what_to_do(client, board, member, monkeypatch):
    topic = TopicFactory(board=board)
    TopicWatch.objects.create(user=member.user, topic=topic)
    now = time.time()
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: now - 91 * 24 * 3600)
        stale = unsubscribe_token(member.user.pk, "topic", topic.pk)
        m.setattr(time, "time", lambda: now - 89 * 24 * 3600)
        recent = unsubscribe_token(member.user.pk, "topic", topic.pk)
    for method in (client.get, client.post):
        response = method(f"/members/unsubscribe/{stale}/", {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 400
        html = response.content.decode()
        assert "This link has expired" in html and 'href="/members/profile/"' in html
    assert client.post(f"/members/unsubscribe/{stale}/undo/").status_code in (400, 403)
    assert TopicWatch.objects.filter(user=member.user, topic=topic).exists()
    assert (
        client.post(f"/members/unsubscribe/{recent}/", {"List-Unsubscribe": "One-Click"}).status_code == 200
    )
    assert not TopicWatch.objects.filter(user=member.user, topic=topic).exists()


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
    assert client.post(f"/members/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"}).status_code == 200


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
