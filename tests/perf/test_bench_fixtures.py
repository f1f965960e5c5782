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
