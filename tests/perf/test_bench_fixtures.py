"""The bench's forum loader (`bench.forum_posts.load`, called by `manage.py bench_fixtures`)."""

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


def test_bench_fixtures_add_the_stock_page_to_the_default_sites_home_beside_a_spanish_home(home):
    """`manage.py bench_fixtures` (make bench) ran `HomePage.objects.get()`, which fails once the
    demo has its Spanish home page too."""
    from io import StringIO

    from wagtail.models import Page

    from bench.management.commands.bench_fixtures import Command
    from bench.views import STOCK_PAGE_SLUG
    from pages.models import HomePage

    Page.get_first_root_node().add_child(
        instance=HomePage(title="Inicio", slug="inicio", hero_heading="Apoyo para todas las personas")
    )
    Command(stdout=StringIO()).handle(posts=0)  # the bench app is installed only for make bench
    home.refresh_from_db()  # its child count
    assert home.get_children().filter(slug=STOCK_PAGE_SLUG, live=True).exists()
