"""Drive two production servers (page cache on / off) with wrk and print the ratio table.

Run through `make bench` (bench/run), which starts the servers. Each target is a URL on one
of the servers; targets whose URL cannot be resolved or answers 404 print "not available",
so the table grows by itself as articles, perspectives, the locator and forums land. Add
URLs with `--url "label=/path/"` (cached server) or `--url "label=/path/@uncached"`.
"""

import argparse
import cProfile
import http.client
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Target:
    label: str
    server: str  # "cached" or "uncached"
    resolve: object  # a path, or a callable returning a path or None
    key: str = ""
    path: str | None = None
    result: dict = field(default_factory=dict)
    note: str = ""
    # A callable returning a Cookie header (a signed-in session), or None for anonymous.
    cookie: object = None
    # (label of the reference row, factor, text): a goal of its own instead of TARGETS[key].
    goal: tuple | None = None


def first_live_page(class_name):
    def resolve():
        from django.apps import apps

        for model in apps.get_models():
            if model.__name__ == class_name and hasattr(model.objects, "live"):
                page = model.objects.live().public().order_by("path").first()
                return page.url if page else None
        return None

    return resolve


def static_file():
    from django.contrib.staticfiles.storage import staticfiles_storage

    return staticfiles_storage.url("css/site.css")


def bench_board():
    """The board `bench.forum_posts.load` filled with the 100,000 posts."""
    from bench import forum_posts

    board = forum_posts.bench_board()
    return board.url if board is not None else None


def bench_topic():
    """A topic from the middle of that board (not a small demo topic)."""
    from bench import forum_posts

    topic = forum_posts.bench_topic()
    return topic.url if topic is not None else None


SEED_ARTICLE_SLUG = "metastatic-breast-cancer-stage-iv"


def seed_article():
    """The demo's seed article (/metastatic-breast-cancer/metastatic-breast-cancer-stage-iv/),
    else the first live condition article."""
    from django.apps import apps

    try:
        model = apps.get_model("pages", "ConditionArticlePage")
    except LookupError:
        return None
    live = model.objects.live().public()
    page = live.filter(slug=SEED_ARTICLE_SLUG).first() or live.order_by("path").first()
    return page.url if page else None


def with_suffix(resolve, suffix):
    def resolved():
        path = resolve()
        return path + suffix if path else None

    return resolved


def bench_topic_last_page():
    """The bench topic's last page (page 3 of its 50 posts with the default 100,000; with a
    smaller BENCH_POSTS a fixed `?page=3` was past the end and measured the fallback)."""
    from bench import forum_posts
    from forums.models import Post, Status

    topic = forum_posts.bench_topic()
    if topic is None:
        return None
    posts = Post.objects.filter(topic=topic, status=Status.VISIBLE).count()
    last = max(1, -(-posts // topic.board.specific.POSTS_PER_PAGE))
    return f"{topic.url}?page={last}"


def member_cookie():
    from bench import sessions

    return sessions.member_cookie()


def moderator_cookie():
    from bench import sessions

    sessions.hold_posts(1000)
    return sessions.moderator_cookie()


def reactions_topic():
    from bench import sessions

    return sessions.reactions_topic_path()


def conversation():
    from bench import sessions

    return sessions.conversation_path()


def default_targets():
    article = seed_article
    perspectives = first_live_page("PerspectiveIndexPage")
    about = first_live_page("StandardPage")
    locator = first_live_page("AffiliateLocatorPage")
    return [
        Target("static file (upper bound)", "uncached", static_file, "static"),
        Target("minimal Django view (baseline)", "uncached", "/bench/minimal/", "baseline"),
        Target("stock Wagtail page", "uncached", "/bench/stock-wagtail-page/", "stock"),
        Target("home page, cached", "cached", "/", "cached_page"),
        Target("home page, uncached", "uncached", "/", "uncached_page"),
        Target("standard page, cached", "cached", about, "cached_page"),
        Target("standard page, uncached", "uncached", about, "uncached_page"),
        Target("seed article, cached", "cached", article, "cached_page"),
        Target("seed article, uncached", "uncached", article, "article_uncached"),
        Target("perspective index, cached", "cached", perspectives, "cached_page"),
        Target("perspective index, uncached", "uncached", perspectives, "uncached_page"),
        Target("locator API, cached", "cached", "/api/affiliates/locate?zip=50309", "locator"),
        Target("locator API, uncached", "uncached", "/api/affiliates/locate?zip=50309", "info"),
        Target("perspective post, uncached", "uncached", first_live_page("PerspectivePage"), "uncached_page"),
        Target("perspective feed, uncached", "uncached", with_suffix(perspectives, "feed/"), "info"),
        Target(
            "resource library, uncached", "uncached", first_live_page("ResourceIndexPage"), "uncached_page"
        ),
        Target(
            "locator page with a result, uncached",
            "uncached",
            with_suffix(locator, "?zip=50309"),
            "uncached_page",
        ),
        Target("affiliate page, uncached", "uncached", first_live_page("AffiliatePage"), "uncached_page"),
        Target("board page (100k posts)", "cached", bench_board, "forum"),
        Target(
            "board page 80 (of 2,000 topics)",
            "cached",
            with_suffix(bench_board, "?page=80"),
            "forum",
            goal=("board page (100k posts)", 0.9, "≥ 0.9× board page 1"),
        ),
        Target("topic page (100k posts)", "cached", bench_topic, "forum"),
        Target(
            "topic page, last page",
            "cached",
            bench_topic_last_page,
            "forum",
            goal=("topic page (100k posts)", 0.9, "≥ 0.9× topic page 1"),
        ),
        Target("board page, signed in", "cached", bench_board, "forum", cookie=member_cookie),
        Target("topic page, signed in", "cached", bench_topic, "forum", cookie=member_cookie),
        Target("moderation queue (1,000 held)", "cached", "/moderation/", "queue", cookie=moderator_cookie),
        # Issue 16: member pages of the new features.
        Target(
            "topic page with reactions, signed in", "cached", reactions_topic, "forum", cookie=member_cookie
        ),
        Target("conversation page (30 messages)", "cached", conversation, "info", cookie=member_cookie),
    ]


def headers(cookie=None):
    return {"Host": "localhost", **({"Cookie": cookie} if cookie else {})}


def check(base, path, cookie=None):
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request("GET", path, headers=headers(cookie))
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status


def wrk(base, path, seconds, connections, cookie=None):
    script = str(ROOT / "bench" / "wrk_report.lua")
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script, base + path]
    for name, value in headers(cookie).items():
        cmd[1:1] = ["-H", f"{name}: {value}"]
    output = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    data = json.loads([line for line in output.splitlines() if line.startswith("{")][-1])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def query_count(path, cookie=None):
    """Queries and in-process time for one uncached render (the profile's first line)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost", **({"HTTP_COOKIE": cookie} if cookie else {}))
    client.get(path)  # warm template and site caches
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        client.get(path)
        elapsed = time.perf_counter() - started
    return len(ctx.captured_queries), elapsed * 1000


def profile(path, cached, requests=30, top=15, cookie=None):
    """The queries one request makes, and where the CPU goes over `requests` requests
    (served from the page cache for cached targets, rendered otherwise)."""
    from django.test import Client, override_settings

    client = Client(HTTP_HOST="localhost", **({"HTTP_COOKIE": cookie} if cookie else {}))
    with override_settings(PAGE_CACHE_WHOLE_PAGES=cached):
        return _profile(client, path, requests, top)


def _profile(client, path, requests, top):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    lines = [f"{len(ctx.captured_queries)} queries:"]
    lines += [f"  {q['time']}s  {q['sql'][:150]}" for q in ctx.captured_queries]
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime").print_stats(top)
    lines.append(f"Top {top} functions by own time over {requests} renders:")
    lines.append(out.getvalue())
    return "\n".join(lines)


TARGETS = {
    "cached_page": ("baseline", 0.8, "≥ 0.8× minimal view"),
    "article_uncached": ("stock", 1.0, "≥ 1.0× stock Wagtail page"),
    "uncached_page": ("stock", 1.0, "(≥ 1.0× stock, as the article)"),
    "locator": ("baseline", 0.5, "≥ 0.5× minimal view"),
    "forum": ("stock", 1.0, "≥ 1.0× stock Wagtail page"),
    "queue": ("stock", 0.5, "≥ 0.5× stock Wagtail page"),
}


def worker_rss(master_pid):
    """{worker pid: resident set size in KiB} of a gunicorn master's workers."""
    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    sizes = {}
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes[int(pid)] = int(line.split()[1])
    return sizes


def memory_run(base, requests, master_pid, total=1000):
    """Send `total` requests cycling over `requests` ((path, cookie) pairs) one at a time;
    the workers' RSS after half of them and after all of them."""
    parts = urlsplit(base)
    snapshots = {}
    for n in range(1, total + 1):
        path, cookie = requests[n % len(requests)]
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        conn.request("GET", path, headers=headers(cookie))
        conn.getresponse().read()
        conn.close()
        if n in (total // 2, total):
            snapshots[n] = worker_rss(master_pid)
    return snapshots


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cached", required=True, help="base URL of the server with the page cache on")
    parser.add_argument("--uncached", required=True, help="base URL of the server with the page cache off")
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 3)))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", 3)))
    parser.add_argument("--connections", type=int, default=int(os.environ.get("BENCH_CONNECTIONS", 4)))
    parser.add_argument("--url", action="append", default=[], help='extra target "label=/path/[@uncached]"')
    parser.add_argument("--no-profile", action="store_true", help="skip the profile of missed targets")
    parser.add_argument(
        "--only",
        default=os.environ.get("BENCH_ONLY", ""),
        help="comma-separated words: measure only the targets whose label contains one of them "
        "(the baseline and the stock Wagtail page always run)",
    )
    args = parser.parse_args()

    import django

    django.setup()

    targets = default_targets()
    for spec in args.url:
        label, _, path = spec.partition("=")
        server = "cached"
        if path.endswith("@uncached"):
            path, server = path[: -len("@uncached")], "uncached"
        targets.append(Target(label, server, path, "extra"))

    if args.only:
        words = [word.strip().lower() for word in args.only.split(",") if word.strip()]
        targets = [
            t
            for t in targets
            if t.key in {"baseline", "stock"} or any(word in t.label.lower() for word in words)
        ]

    bases = {"cached": args.cached, "uncached": args.uncached}
    started = time.monotonic()
    for target in targets:
        target.path = target.resolve() if callable(target.resolve) else target.resolve
        if not target.path:
            target.note = "not available"
            continue
        cookie = target.cookie() if callable(target.cookie) else target.cookie
        target.cookie = cookie
        status = check(bases[target.server], target.path, cookie)
        if status == 404 or 300 <= status < 400:
            target.note = f"not available (HTTP {status})"
            continue
        if status != 200:
            target.note = f"HTTP {status}: skipped"
            continue
        wrk(bases[target.server], target.path, 1, args.connections, target.cookie)  # warm-up
        if (target.server == "uncached" and target.key not in {"static", "baseline"}) or target.key in {
            "forum",
            "queue",
        }:
            target.result["queries"], target.result["render_ms"] = query_count(target.path, target.cookie)
    measured = [t for t in targets if not t.note]
    # A goal's reference (the minimal view, the stock Wagtail page, or page 1 for a deep page),
    # measured again just before each target held to it: the shared machine's speed drifts (the
    # stock page gave 351-429 req/s and the minimal view 2,612-2,846 across five runs of
    # 2026-12-05), and a ratio to a measurement a minute away in the round carried that drift.
    # `paired` holds those runs.
    by_key = {}  # first target wins
    for target in measured:
        by_key.setdefault(target.key, target)
        by_key.setdefault(target.label, target)
    references = {}
    for target in measured:
        ref_key = (target.goal or TARGETS.get(target.key) or (None,))[0]
        if by_key.get(ref_key) not in (None, target):
            references[id(target)] = by_key[ref_key]
    # Rounds, each measuring every target once: on a shared machine the load drifts, so each
    # ratio is taken against the baseline of its own round and the median is reported.
    runs = {id(t): [] for t in measured}
    paired = {id(t): [] for t in measured}
    for round_number in range(args.rounds):
        for target in measured:
            ref = references.get(id(target))
            if ref is not None:
                paired[id(target)].append(
                    wrk(bases[ref.server], ref.path, args.seconds, args.connections, ref.cookie)
                )
            runs[id(target)].append(
                wrk(bases[target.server], target.path, args.seconds, args.connections, target.cookie)
            )
        print(f"  round {round_number + 1}/{args.rounds} done", file=sys.stderr)
    baseline_target = next((t for t in measured if t.key == "baseline"), None)
    if baseline_target is None:
        sys.exit("The minimal Django view did not answer: is BENCH_ENDPOINTS set?")
    base_runs = runs[id(baseline_target)]
    for target in measured:
        mine = runs[id(target)]
        target.result.update(
            rps=statistics.median(r["rps"] for r in mine),
            p50_us=statistics.median(r["p50_us"] for r in mine),
            p99_us=statistics.median(r["p99_us"] for r in mine),
            non_2xx_3xx=sum(r["non_2xx_3xx"] for r in mine),
            socket_errors=sum(r["socket_errors"] for r in mine),
            ratio=statistics.median(r["rps"] / b["rps"] for r, b in zip(mine, base_runs, strict=True)),
            rounds=[r["rps"] for r in mine],
            paired=[r["rps"] for r in paired[id(target)]],
        )

    print()
    print(
        f"wrk: {args.rounds} rounds of {args.seconds}s per URL after a 1s warm-up, 1 thread, "
        f"{args.connections} connections; medians; ratios against the same round's baseline; "
        "a goal's ratio against its reference measured just before the target in each round"
    )
    print("gunicorn sync workers:", os.environ.get("WEB_CONCURRENCY", "2"), "per server")
    header = "| target | path | req/s | p50 ms | p99 ms | × minimal view | queries | goal | met |"
    print(header)
    print("|" + "---|" * 9)
    misses = []
    for target in targets:
        if not target.result:
            print(f"| {target.label} | {target.path or '-'} | {target.note} | | | | | | |")
            continue
        r = target.result
        goal, met = "", ""
        if target.goal or target.key in TARGETS:
            _, factor, goal = target.goal or TARGETS[target.key]
            if id(target) in references:
                # Against the reference's run just before this target's in each round (`paired`).
                relative = statistics.median(
                    mine / theirs for mine, theirs in zip(r["rounds"], r["paired"], strict=True)
                )
                ok = relative >= factor
                met = f"yes ({relative:.2f}×)" if ok else f"**no** ({relative:.2f}×)"
                if not ok:
                    misses.append(target)
            else:
                met = "n/a"
        errors = ""
        if r["non_2xx_3xx"] or r["socket_errors"]:
            errors = f" ({r['non_2xx_3xx']} non-2xx, {r['socket_errors']} socket errors)"
        queries = r.get("queries", "")
        print(
            f"| {target.label} | {target.path} | {r['rps']:.0f}{errors} | {r['p50_us'] / 1000:.1f} | "
            f"{r['p99_us'] / 1000:.1f} | {r['ratio']:.2f} | {queries} | {goal} | {met} |"
        )
    print(f"\nmeasured in {time.monotonic() - started:.0f}s")

    master = os.environ.get("BENCH_UNCACHED_PID")
    if master:
        # Rendering pages and member forum pages, as on a cache miss: what a worker holds on to.
        mixed = [(t.path, t.cookie) for t in measured if t.server == "uncached" and t.key != "static"]
        mixed += [(t.path, t.cookie) for t in measured if t.key == "forum"]
        total = int(os.environ.get("BENCH_MEMORY_REQUESTS", 1000))
        snapshots = memory_run(args.uncached, mixed, int(master), total)
        print(f"\nRSS per gunicorn worker (uncached server) after {total:,} mixed requests:")
        print(f"| worker | RSS at {total // 2:,} (MiB) | RSS at {total:,} (MiB) | growth | goal ≤ 5 % |")
        print("|---|---|---|---|---|")
        for pid, at_end in sorted(snapshots[total].items()):
            at_half = snapshots[total // 2].get(pid)
            if at_half is None:
                print(f"| {pid} | (restarted) | {at_end / 1024:.1f} | | |")
                continue
            growth = (at_end - at_half) / at_half * 100
            met = "yes" if growth <= 5 else "**no**"
            print(f"| {pid} | {at_half / 1024:.1f} | {at_end / 1024:.1f} | {growth:+.1f} % | {met} |")

    if misses and not args.no_profile:
        print("\nProfiles of missed targets (in-process; cached targets through the page cache):")
        for target in misses:
            print(f"\n### {target.label} ({target.path})")
            print(profile(target.path, cached=target.server == "cached", cookie=target.cookie))


if __name__ == "__main__":
    main()
