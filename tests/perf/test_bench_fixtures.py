"""The bench's forum loader (`bench.forum_posts.load`, called by `manage.py bench_fixtures`)."""

import io

from bench import forum_posts as bench
from demo.factories import BoardPageFactory, ForumIndexPageFactory
from demo.factories.forums import TopicFactory
from forums.models import BoardVisibility, Post, Topic


def test_load_fills_the_first_public_board_once(home):
    index = ForumIndexPageFactory(parent=home)
    private = BoardPageFactory(parent=index, slug="private", visibility=BoardVisibility.MEMBERS)
    board = BoardPageFactory(parent=index, slug="public")
    TopicFactory(board=board, posts=1)  # demo content already there: 2 posts
    assert bench.bench_board() == board

    log = []
    assert bench.load(posts=302, log=log.append, topics=10) == board
    assert Post.objects.filter(board=board).count() == 302
    assert not Post.objects.filter(board=private).exists()
    topics = Topic.objects.filter(board=board, title__startswith=bench.TOPIC_PREFIX)
    assert topics.count() == 10
    # The denormalised counters match the posts, as forums.posting keeps them.
    for topic in topics:
        posts = topic.posts.order_by("created_at")
        assert topic.reply_count == posts.count() - 1 and topic.last_post_id == posts.last().pk
        assert posts.first().is_first
    # The topic the bench measures is a bench topic on that board.
    assert bench.bench_topic().board_id == board.pk
    assert bench.bench_topic().title.startswith(bench.TOPIC_PREFIX)

    bench.load(posts=302, log=log.append, topics=10)  # idempotent
    assert Post.objects.filter(board=board).count() == 302
    assert "302 posts already" in log[-1]


def test_issue_16_rows_a_topic_with_reactions_and_a_conversation(home, client):
    from bench import sessions
    from forums.member_models import Message, Reaction

    index = ForumIndexPageFactory(parent=home)
    BoardPageFactory(parent=index, slug="public")
    bench.load(posts=300, log=lambda line: None, topics=10)
    topic_path = sessions.reactions_topic_path(reactors=3)
    assert Reaction.objects.filter(post__topic__board__slug="public").count() == 20 * 3
    assert sessions.reactions_topic_path(reactors=3) == topic_path  # idempotent
    assert Reaction.objects.count() == 60
    conversation = sessions.conversation_path(messages=4)
    assert sessions.conversation_path(messages=4) == conversation
    assert Message.objects.count() == 4

    client.force_login(bench.ensure_authors()[0])
    page = client.get(topic_path)
    assert page.status_code == 200 and "Sending hugs" in page.content.decode()
    assert "Message 3 about how the week went" in client.get(conversation).content.decode()


def test_bench_fixtures_with_a_spanish_home_page_adds_the_stock_page_to_the_default_site(home):
    """`make bench` broke when the Spanish demo added a second HomePage (issue 20)."""
    from django.core.management import call_command
    from wagtail.models import Locale, Page

    from bench.management.commands import bench_fixtures
    from bench.views import STOCK_PAGE_SLUG

    home_es = home.copy_for_translation(Locale.objects.get(language_code="es"))
    home_es.save_revision().publish()
    # The bench app is installed only where make bench runs: the command object itself.
    call_command(bench_fixtures.Command(), posts=0, stdout=io.StringIO())
    stock = Page.objects.get(slug=STOCK_PAGE_SLUG)
    assert stock.get_parent().pk == home.pk and stock.live


def test_held_queue_posts_leave_every_topic_with_a_visible_last_post(home):
    """The queue's held posts are held as the moderation tools hold them: no topic keeps a held
    post as its last post (a board row whose last post is held is never shared, so the
    signed-in board row measured a state the site never reaches)."""
    from bench import sessions
    from forums.models import Status

    index = ForumIndexPageFactory(parent=home)
    board = BoardPageFactory(parent=index, slug="public")
    bench.load(posts=300, log=lambda line: None, topics=10)

    assert sessions.hold_posts(40) == 40
    assert Post.objects.filter(board=board, status=Status.HELD).count() == 40
    assert not Topic.objects.filter(board=board, last_post__status=Status.HELD).exists()
    for topic in Topic.objects.filter(board=board, title__startswith=bench.TOPIC_PREFIX):
        visible = topic.posts.filter(status=Status.VISIBLE).order_by("created_at", "pk")
        assert topic.last_post_id == visible.last().pk
        assert topic.last_post_at == visible.last().created_at
        assert topic.reply_count == visible.count() - 1
    assert sessions.hold_posts(40) == 40  # idempotent
    assert Post.objects.filter(board=board, status=Status.HELD).count() == 40
