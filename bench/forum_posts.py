"""Bulk-built message-board content for benchmarks: 100,000 posts in one board.

`build_posts` is the bulk builder (`bulk_create` in batches, the denormalised topic counters
filled in one statement) shared by `bench/forums.py` (the in-process forum bench) and
`make bench` (`manage.py bench_fixtures` calls `load(posts, log)`). Never run against a
real site's database: it adds thousands of bench members' posts.
"""

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from forums.markup import render_markdown
from forums.models import BoardPage, BoardVisibility, Member, Post, Topic

BENCH_BODY = "A message with *some* emphasis and a [link](https://example.org)."
BENCH_EMAIL = "bench-member-{n}@bench.invalid"
TOPIC_PREFIX = "Bench topic"


def ensure_authors(count=200):
    """`count` confirmed members to write the posts (created once)."""
    User = get_user_model()
    now = timezone.now()
    authors = []
    for n in range(count):
        email = BENCH_EMAIL.format(n=n)
        user, created = User.objects.get_or_create(
            username=email, defaults={"email": email, "first_name": "Bench", "last_name": str(n)}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        Member.objects.get_or_create(
            user=user,
            defaults={
                "display_name": f"Bench member {n}",
                "confirmed_adult_at": now,
                "accepted_guidelines_at": now,
            },
        )
        authors.append(user)
    return authors


def build_posts(board, posts_total, topics_total, authors, first_topic=0):
    """Create `topics_total` topics with `posts_total` posts between them on `board`.

    Returns the topics. Posts are not added to the search index (bulk_create)."""
    start = timezone.now() - timezone.timedelta(days=365)
    topics = Topic.objects.bulk_create(
        Topic(
            board=board,
            title=f"{TOPIC_PREFIX} {first_topic + n}",
            author=authors[n % len(authors)],
            created_at=start,
            last_post_at=start,
        )
        for n in range(topics_total)
    )
    html = render_markdown(BENCH_BODY)
    per_topic, extra = divmod(posts_total, topics_total)
    batch = []
    made = 0
    for t, topic in enumerate(topics):
        for p in range(max(1, per_topic + (1 if t < extra else 0))):
            batch.append(
                Post(
                    topic=topic,
                    board=board,
                    author=authors[(t + p) % len(authors)],
                    body=BENCH_BODY,
                    body_html=html,
                    is_first=p == 0,
                    created_at=start + timezone.timedelta(minutes=made),
                )
            )
            made += 1
        if len(batch) >= 10_000:
            Post.objects.bulk_create(batch, batch_size=5_000)
            batch = []
    Post.objects.bulk_create(batch, batch_size=5_000)
    # The denormalised counters, as forums.posting.refresh_topic keeps them, in one statement.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE forums_topic t SET reply_count = s.n - 1, last_post_id = s.last_id, last_post_at = s.last_at
            FROM (SELECT topic_id, count(*) n, max(id) last_id, max(created_at) last_at
                  FROM forums_post WHERE topic_id = ANY(%s) GROUP BY topic_id) s
            WHERE s.topic_id = t.id
            """,
            [[topic.pk for topic in topics]],
        )
        cursor.execute("ANALYZE forums_topic")
        cursor.execute("ANALYZE forums_post")
    return topics


def bench_board():
    """The board the bench fills and measures: the first public, live board."""
    return (
        BoardPage.objects.live().public().filter(visibility=BoardVisibility.PUBLIC).order_by("path").first()
    )


def bench_topic(board=None):
    """A bench topic from the middle of the big board (its posts span several pages)."""
    board = board or bench_board()
    if board is None:
        return None
    topics = Topic.objects.filter(board=board, title__startswith=TOPIC_PREFIX).order_by("pk")
    count = topics.count()
    return topics[count // 2] if count else None


def load(posts=100_000, log=print, topics=2_000):
    """Fill the bench board up to `posts` posts (idempotent: adds only what is missing)."""
    board = bench_board()
    if board is None:
        log("  no public board: run load_demo_content first")
        return None
    have = Post.objects.filter(board=board).count()
    if have >= posts:
        log(f"  {board.title}: {have:,} posts already")
        return board
    missing = posts - have
    topic_count = max(1, round(topics * missing / posts))
    first = Topic.objects.filter(board=board, title__startswith=TOPIC_PREFIX).count()
    with transaction.atomic():
        authors = ensure_authors()
        build_posts(board, missing, topic_count, authors, first_topic=first)
    log(f"  {board.title}: added {missing:,} posts in {topic_count:,} topics")
    return board
