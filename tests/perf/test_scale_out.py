"""Two app servers, one PostgreSQL, one Redis: the standard scale-out, end to end.

Starts two gunicorn processes on different ports with production settings, sharing a
database copied from the test database and the Redis that `make test` starts, and checks
that what one server does is seen by the other: the shared page cache is purged across
processes when a page is published or unpublished, a login session made on one works
on the other, a forum post made through one shows on the other, and the background tasks
one queues (the CDN purge, the forum notification email) are run by `manage.py db_worker`.
"""

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
import pytest

from .conftest import redis_url

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "scale-out-" + secrets.token_hex(8)
# Production's default: another server's purge reaches a process within this time.
LOCAL_SECONDS = 1.0

pytestmark = pytest.mark.scaleout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One visitor talking to one server: keeps cookies by hand (the production cookies are
    Secure, which a cookie jar would refuse to send over the loopback's plain HTTP)."""

    def __init__(self, port, cookies=None):
        self.port = port
        self.cookies = cookies if cookies is not None else {}

    def request(self, method, path, data=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "localhost"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read().decode()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        conn.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, content

    def get(self, path):
        return self.request("GET", path)

    def csrf_token(self, path):
        status, _, body = self.get(path)
        assert status == 200, (path, status)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)

    def post_form(self, path, data):
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": self.csrf_token(path)})


def wait_until_serving(port, process, log_path):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"app server on {port} exited:\n{Path(log_path).read_text()}")
        try:
            status, _, _ = Browser(port).get("/robots.txt")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"app server on {port} did not start:\n{Path(log_path).read_text()}")


@pytest.fixture(scope="module")
def shared_database():
    """An empty database of its own, migrated by the servers' setup step (no transaction
    wraps it, so both servers and the test see each other's commits). Not a copy of the test
    database: transactional tests flush that one (root page, locales, groups made by data
    migrations), and pytest-django runs them before tests like these that use no db fixture."""
    admin_url = os.environ["DATABASE_URL"]
    name = f"scaleout_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(admin_url)
    yield parts._replace(path=f"/{name}").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def purge_recorder():
    """Stands in for the CDN: records the PURGE requests the task worker sends it."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802
            received.append(f"http://{self.headers['Host']}{self.path}")
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def servers(shared_database, purge_recorder, tmp_path_factory):
    """Started once for the module: each test uses page slugs and cache keys of its own."""
    tmp_path = tmp_path_factory.mktemp("servers")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.perf.server_settings",
        DATABASE_URL=shared_database,
        REDIS_URL=redis_url(),
        CACHE_KEY_PREFIX=f"scaleout-{uuid.uuid4().hex}",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost,127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        # The administrator publishes here (the demo editor cannot publish).
        ADMIN_USERNAME="editor",
        ADMIN_PASSWORD=PASSWORD,
        EDITOR_USERNAME="demo-editor",
        DB_CONN_MAX_AGE="0",
        PAGE_CACHE_LOCAL_SECONDS=str(LOCAL_SECONDS),
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        TEST_PURGE_URL=purge_recorder[0],
        # Emails go to files the test can read (the forum notification step).
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path / "outbox"),
    )
    setup = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.core.management import call_command as c; "
            "c('migrate', interactive=False, verbosity=0); c('load_demo_content', verbosity=0); c('ensure_editor'); "
            "from pages.models import HomePage; print('HOME', HomePage.objects.get(locale__language_code='en').pk)",
        ],
        cwd=ROOT,
        # The demo loaders are a development app: production settings do not install it.
        env={**env, "DJANGO_SETTINGS_MODULE": "komensite.settings.dev"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert setup.returncode == 0, setup.stderr
    home_id = int(re.search(r"HOME (\d+)", setup.stdout).group(1))

    processes = []
    ports = [free_port(), free_port()]
    for port in ports:
        log_path = tmp_path / f"gunicorn-{port}.log"
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "komensite.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=open(log_path, "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        processes.append((process, log_path))
    try:
        for port, (process, log_path) in zip(ports, processes, strict=True):
            wait_until_serving(port, process, log_path)
        yield {
            "a": ports[0],
            "b": ports[1],
            "home_id": home_id,
            "env": env,
            "database": shared_database,
            "purged": purge_recorder[1],
        }
    finally:
        for process, _ in processes:
            process.terminate()
        for process, _ in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def page_form(title, slug):
    return {
        "title": title,
        "slug": slug,
        "intro": "Published through one app server, read through the other.",
        "body-count": "0",
        "listing_summary": "",
        "seo_title": "",
        "search_description": "",
        "show_in_menus": "on",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "action-publish": "action-publish",
    }


def test_two_app_servers_share_pages_cache_and_sessions(servers):
    a_port, b_port, home_id = servers["a"], servers["b"], servers["home_id"]
    visitor_a, visitor_b = Browser(a_port), Browser(b_port)

    # The page cache is shared: B stores the home page, A serves B's copy. (A query string
    # of its own gives this test a cache key no other test has filled.)
    home = f"/?check={secrets.token_hex(4)}"
    assert visitor_b.get(home)[1].get("x-cache") == "MISS"
    assert visitor_b.get(home)[1].get("x-cache") == "HIT"
    status, headers, home_before = visitor_a.get(home)
    assert status == 200 and headers.get("x-cache") == "HIT"
    assert "public" in headers["cache-control"] and "s-maxage" in headers["cache-control"]

    # A login session made on A works on B (sessions live in the shared database).
    editor_a = Browser(a_port)
    status, headers, _ = editor_a.post_form(
        "/admin/login/", {"username": "editor", "password": PASSWORD, "next": "/admin/"}
    )
    assert status == 302, "login failed"
    assert "sessionid" in editor_a.cookies
    editor_b = Browser(b_port, cookies=dict(editor_a.cookies))
    status, _, body = editor_b.get("/admin/")
    assert status == 200 and "Dashboard" in body
    assert Browser(b_port).get("/admin/")[0] == 302  # no session: sent to the login page
    # Members are never given the shared copy.
    status, headers, _ = editor_b.get("/")
    assert headers.get("x-cache") is None and "private" in headers["cache-control"]

    # Publishing through A purges the cache B reads: the new page is in B's menu at once.
    title = "Scale-out check " + secrets.token_hex(3)
    status, headers, body = editor_a.post_form(
        f"/admin/pages/add/pages/standardpage/{home_id}/", page_form(title, "scale-out-check")
    )
    assert status == 302, body[:2000]
    time.sleep(LOCAL_SECONDS + 0.2)
    status, headers, home_after = visitor_b.get(home)
    assert status == 200 and headers.get("x-cache") == "MISS"
    assert title in home_after and title not in home_before
    status, _, page_body = visitor_b.get("/scale-out-check/")
    assert status == 200 and title in page_body

    # Unpublishing through A: B stops serving the page and drops it from its menu.
    status, _, api = editor_a.get("/admin/api/main/pages/?slug=scale-out-check")
    page_id = json.loads(api)["items"][0]["id"]
    status, _, _ = editor_a.post_form(f"/admin/pages/{page_id}/unpublish/", {})
    assert status == 302
    time.sleep(LOCAL_SECONDS + 0.2)
    assert visitor_b.get("/scale-out-check/")[0] == 404
    assert title not in visitor_b.get(home)[2]


def queued_tasks(database, task_path):
    with psycopg.connect(database, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path = %s", [task_path]
        ).fetchall()
    return [status for (status,) in rows]


def test_task_queued_by_an_app_server_is_run_by_the_worker(servers):
    """Publishing through A queues the CDN purge as a background task; the worker runs it."""
    editor = Browser(servers["a"])
    status, _, _ = editor.post_form(
        "/admin/login/", {"username": "editor", "password": PASSWORD, "next": "/admin/"}
    )
    assert status == 302
    servers["purged"].clear()
    status, _, body = editor.post_form(
        f"/admin/pages/add/pages/standardpage/{servers['home_id']}/",
        page_form("Queued purge", "queued-purge"),
    )
    assert status == 302, body[:2000]
    task_path = "wagtail.contrib.frontend_cache.tasks.purge_urls_from_cache_task"
    assert "READY" in queued_tasks(servers["database"], task_path)
    assert servers["purged"] == []  # nothing is purged until a worker runs the task

    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--queue-name", "*"],
        cwd=ROOT,
        env=servers["env"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr
    assert set(queued_tasks(servers["database"], task_path)) == {"SUCCESSFUL"}
    assert {"http://localhost/queued-purge/", "http://localhost/", "http://localhost/sitemap.xml"} <= set(
        servers["purged"]
    )


def manage_shell(servers, code):
    """Run `code` in `manage.py shell` with the servers' environment; return its stdout."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=servers["env"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


FORUM_SETUP = """
from forums.models import BoardPage, BoardVisibility, Topic, TopicWatch
from demo.factories.forums import MemberFactory, UserFactory
board = BoardPage.objects.live().filter(visibility=BoardVisibility.PUBLIC).order_by("path").first()
topic = Topic.objects.filter(board=board, status="visible").order_by("pk").first()
tag = "{tag}"
poster = MemberFactory(display_name="Poster " + tag, user=UserFactory(email=f"poster-{{tag}}@example.org"))
watcher = MemberFactory(display_name="Watcher " + tag, user=UserFactory(email=f"watcher-{{tag}}@example.org"))
poster.user.set_password("{password}")
poster.user.save()
TopicWatch.objects.create(user=watcher.user, topic=topic)
print("TOPIC", topic.url, "REPLY", board.url + board.reverse_subpage("reply", args=[topic.pk]))
"""


def test_forum_post_on_one_server_shows_on_the_other_and_the_worker_emails_watchers(servers):
    """A reply made through A is on B's topic page at once (its cached copy follows the board generation), and
    the notification email it queues is sent by the task worker (file email backend)."""
    tag = secrets.token_hex(4)
    out = manage_shell(servers, FORUM_SETUP.format(tag=tag, password=PASSWORD))
    topic_url, reply_url = re.search(r"TOPIC (\S+) REPLY (\S+)", out).groups()
    reader_b = Browser(servers["b"])
    status, headers, before = reader_b.get(topic_url)
    # Anonymous topic pages are kept per board generation (forums.anon_pages), privately.
    assert (
        status == 200 and headers.get("x-cache") in (None, "MISS") and "private" in headers["cache-control"]
    )

    poster = Browser(servers["a"])
    status, headers, body = poster.post_form(
        "/accounts/login/", {"login": f"poster-{tag}@example.org", "password": PASSWORD}
    )
    assert status == 302, body[:2000]
    message = f"Reply {tag} written through server A."
    status, headers, body = poster.post_form(reply_url, {"message": message})
    assert status == 302, body[:2000]

    status, headers, after = reader_b.get(topic_url)
    assert status == 200 and message in after and message not in before
    assert headers.get("x-cache") != "HIT"  # the reply replaced the board's generation

    # The notification is a background task: queued by A, not sent until a worker runs it.
    task_path = "forums.tasks.send_new_post_emails"
    assert "READY" in queued_tasks(servers["database"], task_path)
    outbox = Path(servers["env"]["EMAIL_FILE_PATH"])
    assert not any(f"watcher-{tag}@example.org" in f.read_text() for f in outbox.glob("*"))
    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--queue-name", "*"],
        cwd=ROOT,
        env=servers["env"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr
    assert set(queued_tasks(servers["database"], task_path)) == {"SUCCESSFUL"}
    sent = [f.read_text() for f in outbox.glob("*")]
    mine = [text for text in sent if f"To: watcher-{tag}@example.org" in text]
    # It names the poster and links to the new post (the message itself stays on the site).
    assert len(mine) == 1 and f"Poster {tag} replied to" in mine[0]
    assert f"{topic_url}#post-" in mine[0] and message not in mine[0]
