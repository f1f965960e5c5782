"""core.models.loading.DirectLoad on the models a topic page loads (posts, their topic, the board
page): an instance read from the database is the one Django's own `cls(*values)` builds, and
everything that must still go Django's way does."""

import pytest
from django.db import models
from django.db.models.signals import post_init
from wagtail.models import Page

from demo.factories.forums import MemberFactory, TopicFactory
from forums.models import BoardPage, Post, Topic

pytestmark = pytest.mark.django_db


def django_built(model, pk):
    """The instance Django's own `Model.from_db` builds from the same row."""
    names = [field.attname for field in model._meta.concrete_fields]
    values = model.objects.filter(pk=pk).values_list(*names).get()
    return models.Model.from_db.__func__(model, "default", names, values)


def instance_state(instance):
    values = {name: value for name, value in instance.__dict__.items() if name != "_state"}
    return values, instance._state.adding, instance._state.db


@pytest.fixture
def post(board):
    author = MemberFactory(display_name="Ana")
    topic = TopicFactory(
        board=board, author=author.user, posts=[{"body": "First words"}, {"body": "A reply"}]
    )
    return Post.objects.filter(topic=topic).order_by("pk").last()


def test_loaded_instances_are_the_ones_django_builds(post):
    for model, pk in ((Post, post.pk), (Topic, post.topic_id), (BoardPage, post.board_id)):
        loaded = model.objects.get(pk=pk)
        assert type(loaded) is model
        assert instance_state(loaded) == instance_state(django_built(model, pk))
        assert instance_state(loaded)[1:] == (False, "default")


def test_loaded_instances_behave_as_models(post):
    loaded = Post.objects.select_related("topic", "author").get(pk=post.pk)
    assert loaded.topic.board_id == post.board_id and loaded.author == post.author
    assert loaded.get_deferred_fields() == set()
    loaded.body = "Edited words"
    loaded.save(update_fields=["body"])  # an UPDATE of the row read, not an INSERT
    assert Post.objects.get(pk=post.pk).body == "Edited words"
    assert Post.objects.filter(topic_id=post.topic_id).count() == 2
    loaded.refresh_from_db()
    assert loaded.body == "Edited words"


def test_deferred_columns_go_djangos_way(post):
    partial = Post.objects.only("id", "status").get(pk=post.pk)
    assert "body" in partial.get_deferred_fields()
    assert partial.body == post.body  # loaded when read, as Django does


def test_a_post_init_receiver_still_sees_every_instance(post):
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.pk)

    post_init.connect(receiver, sender=Post)
    try:
        loaded = Post.objects.get(pk=post.pk)
    finally:
        post_init.disconnect(receiver, sender=Post)
    assert seen == [post.pk]
    assert instance_state(loaded) == instance_state(django_built(Post, post.pk))


def test_the_board_page_through_wagtail(board):
    specific = Page.objects.get(pk=board.pk).specific
    assert type(specific) is BoardPage
    values, adding, db = instance_state(specific)
    values.pop("specific_class")  # Wagtail's cached_property, set by `.specific` on either path
    assert (values, adding, db) == instance_state(django_built(BoardPage, board.pk))
    assert specific.url == board.url
    assert specific.get_parent().pk == board.get_parent().pk
    specific.title = "Newly diagnosed, renamed"
    specific.save_revision().publish()
    assert BoardPage.objects.get(pk=board.pk).title == "Newly diagnosed, renamed"
