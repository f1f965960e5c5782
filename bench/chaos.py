"""`make chaos`: outages against `make serve`, on the loopback interface, in bounded time.

Starts its own PostgreSQL and Redis (so it can stop and start them), runs `scripts/serve`
(gunicorn + the task worker, production settings) against them, signs in 20 members and
then, while they keep posting replies (each send retried with the same form token after an
error, as a member pressing "Send again" would), runs these scenarios one after the other:

  burst      20 members post at the same instant
  redis-20s  Redis stopped for 20 s (members keep posting, others sign in)
  pg-3s      PostgreSQL stopped for 3 s
  pg-20s     PostgreSQL stopped for 20 s
  worker-9   the task worker killed with SIGKILL (scripts/serve starts it again)

and prints a table per scenario (requests, non-2xx by kind, time to recover) and the totals
(posts accepted vs saved, duplicates, counters, emails sent vs expected). Nothing listens
beyond 127.0.0.1; every wait has a deadline (a few minutes in all).
"""

import argparse
import collections
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
MEMBERS = 20
PASSWORD = "chaos-Password-1"  # noqa: S105 - throw-away accounts on a throw-away database
TOKEN_RE = re.compile(r'name="submission_token" value="([0-9a-f-]{36})"')
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log(message):
    print(f"chaos {time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


# Services ---------------------------------------------------------------------------------


class Postgres:
    def __init__(self, workdir):
        self.bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))[-1]
        self.dir = Path(workdir) / "pg"
        self.dir.mkdir()
        self.port = free_port()
        self.root = os.getuid() == 0
        if self.root:
            shutil.chown(self.dir, "postgres", "postgres")
        self.run(
            "initdb", "-D", f"{self.dir}/data", "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"
        )
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, tool, *args):
        command = [str(self.bin / tool), *args]
        if self.root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self):
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self.run(
            "pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/server.log", "-w", "-o", options, "start"
        )

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", f"{self.dir}/data", "-m", mode, "-w", "stop")

    def query(self, sql, params=()):
        with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as conn:
            return conn.execute(sql, params).fetchall()


class Redis:
    def __init__(self, workdir):
        self.dir = Path(workdir) / "redis"
        self.dir.mkdir()
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir),
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


# Members ----------------------------------------------------------------------------------


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.phase = "setup"
        self.by_phase = collections.defaultdict(collections.Counter)
        self.accepted = set()  # submission tokens answered with a redirect to the post
        self.given_up = set()

    def record(self, kind, outcome):
        with self.lock:
            counter = self.by_phase[self.phase]
            counter["requests"] += 1
            counter[f"{kind}: {outcome}"] += 1


class Member:
    def __init__(self, base, email, stats):
        self.base, self.email, self.stats = base, email, stats
        self.jar = http.cookiejar.CookieJar(LoopbackCookies())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, kind, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 - our loopback URL
        try:
            with self.opener.open(request, timeout=30) as response:
                status, text = response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        except OSError:
            self.stats.record(kind, "connection error")
            return None, ""
        self.stats.record(kind, f"{status // 100}xx" if status < 400 else str(status))
        return status, text

    def csrf(self, text):
        match = CSRF_RE.search(text)
        return match.group(1) if match else ""

    def sign_in(self, kind="sign-in"):
        status, text = self.request(kind, "/accounts/login/")
        if status != 200:
            return False
        status, _ = self.request(
            kind,
            "/accounts/login/",
            {"csrfmiddlewaretoken": self.csrf(text), "login": self.email, "password": PASSWORD},
        )
        return status == 302

    def post_reply(self, topic_path, message, deadline):
        """Get the form, send it; on an error send the same form again until a redirect."""
        token = None
        while token is None and time.monotonic() < deadline:
            status, text = self.request("reply form", topic_path + "reply/")
            match = TOKEN_RE.search(text or "")
            if status == 200 and match:
                token, csrf = match.group(1), self.csrf(text)
            else:
                time.sleep(0.5)
        if token is None:
            return
        form = {"csrfmiddlewaretoken": csrf, "submission_token": token, "message": message}
        while time.monotonic() < deadline:
            status, _ = self.request("reply", topic_path + "reply/", form)
            if status == 302:
                with self.stats.lock:
                    self.stats.accepted.add(token)
                return
            time.sleep(1)
        with self.stats.lock:
            self.stats.given_up.add(token)


class LoopbackCookies(http.cookiejar.DefaultCookiePolicy):
    """Production cookies are `Secure`; this client talks plain HTTP to 127.0.0.1 only."""

    def return_ok_secure(self, cookie, request):
        return True


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# The run ----------------------------------------------------------------------------------

SETUP = """
import json
from django.contrib.auth import get_user_model
from django.utils import timezone
from allauth.account.models import EmailAddress
from wagtail.models import Site
from forums.models import BoardPage, BoardWatch, ForumSettings, Member
from forums import posting
# 20 members posting every few seconds for minutes: lift the spam limit, not what is tested.
config = ForumSettings.for_site(Site.objects.get(is_default_site=True))
config.posts_per_window = 1000
config.save()
board = BoardPage.objects.live().filter(premoderation="none", visibility="public").order_by("pk").first() or BoardPage.objects.live().order_by("pk").first()
members = []
for n in range({members}):
    email = f"chaos{{n}}@example.org"
    user = get_user_model().objects.create_user(username=f"chaos{{n}}", email=email, password="{password}")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    member = Member.objects.create(user=user, display_name=f"Chaos {{n}}", confirmed_adult_at=timezone.now(),
        accepted_guidelines_at=timezone.now(), created_at=timezone.now() - timezone.timedelta(days=90))
    BoardWatch.objects.create(user=user, board=board)
    members.append(member)
topics = [posting.start_topic(board, members[n], f"Chaos topic {{n}}", f"Opening chaos topic {{n}}")[0] for n in range(4)]
print("CHAOS" + json.dumps({{"topics": [t.url for t in topics], "board": board.pk}}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs)")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="komensite-chaos.")
    if os.getuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
        os.chmod(workdir, 0o755)  # noqa: S103 - postgres owns it; Redis (root) writes its subfolder
    pg, redis = Postgres(workdir), Redis(workdir)
    pg.start()
    redis.start()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": pg.url,
        "REDIS_URL": redis.url,
        "SERVE_HOST": "127.0.0.1",
        "SERVE_PORT": str(port),
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "TASK_WORKER_HEARTBEAT_SECONDS": "2",
        "TASK_WORKER_LEASE_SECONDS": "10",  # production: 60; shortened to fit the run
        "HEALTH_WORKER_SILENT_SECONDS": "15",
        "DJANGO_SETTINGS_MODULE": "komensite.settings.production",
        "LOG_LEVEL": "WARNING",
    }
    serve_log = open(Path(workdir) / "serve.log", "w")  # noqa: SIM115 - closed in finally
    serve = None
    try:
        serve = subprocess.Popen(
            ["bash", "-c", "source scripts/production-env && exec scripts/serve"],
            cwd=ROOT, env=env, stdout=serve_log, stderr=serve_log, start_new_session=True,
        )  # fmt: skip
        log("starting scripts/serve (it migrates, collects static files and loads the demo first)")
        wait_until(lambda: health(base)[0] == 200, 900, "the server to answer /health/")
        setup = subprocess.run(
            ["bash", "-c", 'source scripts/production-env && python manage.py shell -c "$CHAOS_SETUP"'],
            cwd=ROOT, env={**env, "CHAOS_SETUP": SETUP.format(members=MEMBERS, password=PASSWORD)},
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        fixture = json.loads(setup.stdout.split("CHAOS", 1)[1])
        report = run_scenarios(base, pg, redis, fixture)
        serve_log.flush()
        print_report(*report, emails_printed=count_reply_emails(Path(workdir) / "serve.log"))
    finally:
        if serve is not None:
            os.killpg(serve.pid, signal.SIGTERM)
            try:
                serve.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(serve.pid, signal.SIGKILL)
        for stop in (redis.stop, lambda: pg.stop("immediate")):
            try:
                stop()
            except Exception as error:  # noqa: BLE001 - already stopped
                log(f"cleanup: {error}")
        serve_log.close()
        if args.keep:
            log(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def health(base):
    try:
        with urllib.request.urlopen(base + "/health/", timeout=5) as response:  # noqa: S310 - loopback
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")
    except (OSError, ValueError):
        return None, {}


def wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    log(f"gave up waiting for {what} after {timeout} s")
    return False


def run_scenarios(base, pg, redis, fixture):
    stats = Stats()
    members = [Member(base, f"chaos{n}@example.org", stats) for n in range(MEMBERS)]
    topics = [urllib.parse.urlparse(url).path for url in fixture["topics"]]
    for member in members:
        member.sign_in()
    recovery = {}
    stop_load = threading.Event()
    sequence = iter(range(1, 10**6))
    sequence_lock = threading.Lock()

    def next_message(n):
        with sequence_lock:
            return f"Chaos reply {next(sequence)} from member {n}: {uuid.uuid4().hex[:8]}"

    def keep_posting(n, member):
        while not stop_load.is_set():
            member.post_reply(topics[n % len(topics)], next_message(n), time.monotonic() + 60)
            stop_load.wait(4)

    def outage(name, stop, start, seconds, sign_ins=False):
        stats.phase = name
        log(f"{name}: stopping for {seconds} s")
        stop()
        began = time.monotonic()
        if sign_ins:
            deadline = began + seconds
            while time.monotonic() < deadline:
                Member(base, f"chaos{int(time.monotonic()) % MEMBERS}@example.org", stats).sign_in(
                    "sign-in (outage)"
                )
                time.sleep(1)
        else:
            time.sleep(seconds)
        start()
        restarted = time.monotonic()
        recovered = wait_until(lambda: health(base)[0] == 200, 60, f"{name} recovery")
        recovery[name] = round(time.monotonic() - restarted, 1) if recovered else None
        log(f"{name}: back after {recovery[name]} s; outage lasted {restarted - began:.1f} s")
        time.sleep(5)

    # 20 members at the same instant.
    stats.phase = "burst"
    barrier = threading.Barrier(MEMBERS)

    def burst(n, member):
        barrier.wait()
        member.post_reply(topics[n % len(topics)], next_message(n), time.monotonic() + 60)

    threads = [threading.Thread(target=burst, args=(n, m)) for n, m in enumerate(members)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    load = [threading.Thread(target=keep_posting, args=(n, m), daemon=True) for n, m in enumerate(members)]
    for thread in load:
        thread.start()
    stats.phase = "steady"
    time.sleep(5)
    outage("redis-20s", redis.stop, redis.start, 20, sign_ins=True)
    outage("pg-3s", pg.stop, pg.start, 3)
    outage("pg-20s", pg.stop, pg.start, 20)

    stats.phase = "worker-9"
    (pid,) = pg.query("SELECT pid FROM worker_workerheartbeat ORDER BY beat_at DESC LIMIT 1")[0]
    log(f"worker-9: kill -9 of the task worker (pid {pid})")
    began = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    restarted = wait_until(
        lambda: pg.query("SELECT count(*) FROM worker_workerheartbeat WHERE pid <> %s AND beat_at > now() - interval '5 s'", (pid,))[0][0] > 0,
        60,
        "a new worker",
    )  # fmt: skip
    recovery["worker-9"] = round(time.monotonic() - began, 1) if restarted else None
    time.sleep(5)

    stats.phase = "drain"
    stop_load.set()
    for thread in load:
        thread.join(timeout=90)
    log("drain: waiting for the task queue to empty")
    wait_until(
        lambda: pg.query("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')")[0][0] == 0,
        90,
        "the queue to drain",
    )  # fmt: skip
    return stats, recovery, pg, fixture


def count_reply_emails(path):
    """Reply emails the worker really sent: the console email backend prints each one."""
    text = path.read_text(errors="replace")
    blocks = text.split("-" * 79)
    return sum(
        1 for block in blocks if re.search(r"^Subject: .*New[ _]reply", block, re.M) and "To: chaos" in block
    )


def print_report(stats, recovery, pg, fixture, emails_printed):
    phases = ["burst", "steady", "redis-20s", "pg-3s", "pg-20s", "worker-9", "drain"]
    print()
    print("| scenario | requests | non-2xx/3xx by kind | time to recover (s) |")
    print("|---|---:|---|---:|")
    for phase in phases:
        counter = stats.by_phase.get(phase, collections.Counter())
        bad = sorted(
            (key, value)
            for key, value in counter.items()
            if key != "requests" and not key.endswith(("2xx", "3xx"))
        )
        kinds = ", ".join(f"{key} × {value}" for key, value in bad) or "none"
        print(f"| {phase} | {counter['requests']} | {kinds} | {recovery.get(phase, '')} |")

    saved = pg.query(
        "SELECT submission_token::text, count(*) FROM forums_post WHERE body LIKE 'Chaos reply %%' GROUP BY 1"
    )
    saved_tokens = {token for token, _ in saved}
    duplicates = (
        sum(count - 1 for _, count in saved)
        + pg.query(
            "SELECT count(*) - count(DISTINCT body) FROM forums_post WHERE body LIKE 'Chaos reply %%'"
        )[0][0]
    )
    accepted = stats.accepted
    lost = accepted - saved_tokens
    wrong_counts = pg.query(
        "SELECT count(*) FROM forums_topic t WHERE t.title LIKE 'Chaos topic %%' AND ("
        " t.reply_count <> (SELECT count(*) FROM forums_post p WHERE p.topic_id = t.id AND p.status = 'visible' AND NOT p.is_first)"
        " OR t.last_post_id IS DISTINCT FROM (SELECT p.id FROM forums_post p WHERE p.topic_id = t.id AND p.status = 'visible'"
        " ORDER BY p.created_at DESC, p.id DESC LIMIT 1))"
    )[0][0]  # fmt: skip
    # Every visible chaos post emails the board's other watchers (the 20 members, author excluded).
    posts = pg.query(
        "SELECT count(*) FROM forums_post p JOIN forums_topic t ON t.id = p.topic_id "
        "WHERE t.title LIKE 'Chaos topic %%' AND p.status = 'visible' AND NOT p.is_first"
    )[0][0]
    expected = posts * (MEMBERS - 1)
    sent = pg.query(
        "SELECT count(*) FROM forums_postemailsent e JOIN forums_post p ON p.id = e.post_id "
        "JOIN forums_topic t ON t.id = p.topic_id WHERE t.title LIKE 'Chaos topic %%' AND NOT p.is_first"
    )[0][0]
    tasks = dict(pg.query("SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status"))
    print()
    print("| result | value |")
    print("|---|---:|")
    print(f"| replies accepted (answered with a redirect) | {len(accepted)} |")
    print(f"| replies saved | {len(saved_tokens)} |")
    print(f"| accepted but not saved | {len(lost)} |")
    print(
        f"| sends given up by the member after 60 s (saved anyway: {len(stats.given_up & saved_tokens)}) | {len(stats.given_up)} |"
    )
    print(f"| duplicate posts | {duplicates} |")
    print(f"| topics with a wrong reply count or last post | {wrong_counts} |")
    print(
        f"| reply emails expected / recorded sent / printed by the mail backend | {expected} / {sent} / {emails_printed} |"
    )
    print(f"| duplicate emails (printed minus recorded) | {emails_printed - sent} |")
    print(f"| tasks by status | {', '.join(f'{k.lower()} {v}' for k, v in sorted(tasks.items()))} |")


if __name__ == "__main__":
    main()
