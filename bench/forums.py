"""Message-board pages with 100,000 posts, timed against an article page in the same run.

Run against a throw-away PostgreSQL (never a real database: it creates and drops a test DB):

    PATH=.venv/bin:$PATH scripts/with-postgres python bench/forums.py [--posts 100000] [--requests 30]

It builds a test database, bulk-creates the posts, then requests each page through Django's
test client (full middleware, templates and queries; no network) and prints the median time
per page, the query count and the ratio to the article page.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komensite.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def build(posts_total, topics_total):
    from wagtail.models import Page, Site

    from bench.forum_posts import build_posts, ensure_authors
    from forums.models import BoardPage, ForumIndexPage
    from pages.models import HomePage, StandardPage

    root = Page.get_first_root_node()
    home = HomePage(title="Home", slug="komen", hero_heading="Bench")
    root.add_child(instance=home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    article = StandardPage(title="About metastatic breast cancer", slug="article", intro="An article.")
    home.add_child(instance=article)
    index = ForumIndexPage(title="Message Boards", slug="message-boards")
    home.add_child(instance=index)
    board = BoardPage(title="Newly Diagnosed", slug="newly-diagnosed", description="Bench board")
    index.add_child(instance=board)

    authors = ensure_authors(200)
    topics = build_posts(board, posts_total, topics_total, authors)
    big_topic = topics[len(topics) // 2]
    return article, board, big_topic, posts_total // topics_total, authors[0]


def time_page(client, url, requests):
    client.get(url)  # warm caches
    executed = []

    def counter(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(requests):
        began = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples), len(executed)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--topics", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = "komensite_bench"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        began = time.perf_counter()
        article, board, topic, per_topic, member_user = build(args.posts, args.topics)
        from forums.models import Post

        print(
            f"Built {Post.objects.count():,} posts in {args.topics:,} topics in {time.perf_counter() - began:.1f}s"
        )
        anonymous = Client()
        member = Client()
        member.force_login(member_user)
        last_topic_page = (per_topic - 1) // board.POSTS_PER_PAGE + 1
        last_board_page = (args.topics - 1) // board.TOPICS_PER_PAGE + 1
        cases = [
            ("article (StandardPage)", anonymous, article.url),
            ("board, page 1", anonymous, board.url),
            (f"board, page {last_board_page}", anonymous, f"{board.url}?page={last_board_page}"),
            ("board, page 1, signed in", member, board.url),
            ("topic, page 1", anonymous, topic.url),
            (f"topic, page {last_topic_page}", anonymous, f"{topic.url}?page={last_topic_page}"),
            ("topic, page 1, signed in", member, topic.url),
            ("board search", anonymous, f"{board.url}search/?q=emphasis"),
        ]
        results = [(label, *time_page(client, url, args.requests)) for label, client, url in cases]
        baseline = results[0][1]
        print(f"{'page':32} {'median ms':>10} {'queries':>8} {'× article':>10}")
        for label, ms, queries in results:
            print(f"{label:32} {ms:10.1f} {queries:8d} {ms / baseline:10.2f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
