import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from forums.models import BoardPage, ForumIndexPage, Member, Post, Topic
from forums.policy import ensure_lead_moderators_group
from forums.posting import refresh_topic

# The password of every member the tests create: test data, never a real account.
PASSWORD = "correct horse battery staple"  # noqa: S105


class ForumIndexPageFactory(wagtail_factories.PageFactory):
    title = "Message Boards"
    slug = "message-boards"

    class Meta:
        model = ForumIndexPage


class BoardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Board {n}")
    description = "A place to talk."

    class Meta:
        model = BoardPage


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        obj.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class MemberFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Member {n}")
    confirmed_adult_at = factory.LazyFunction(timezone.now)
    accepted_guidelines_at = factory.LazyFunction(timezone.now)
    created_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=60))

    class Meta:
        model = Member


class TopicFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Topic {n}")
    author = factory.LazyAttribute(lambda o: MemberFactory().user)

    class Meta:
        model = Topic
        skip_postgeneration_save = True

    @factory.post_generation
    def posts(obj, create, extracted, **kwargs):
        """The opening post and `extracted` more replies by default; or a list of dicts of
        Post fields (author, body, created_at, status…), the first of which opens the topic."""
        if not create:
            return
        if isinstance(extracted, list):
            posts = extracted
        else:
            replies = [{"body": f"Reply {n} to {obj.title}"} for n in range(extracted or 0)]
            posts = [{"body": f"Opening {obj.title}"}, *replies]
        for n, fields in enumerate(posts):
            Post.objects.create(
                **{"topic": obj, "board": obj.board, "author": obj.author, "is_first": n == 0, **fields}
            )
        refresh_topic(obj)


class PostFactory(factory.django.DjangoModelFactory):
    topic = factory.SubFactory(TopicFactory)
    board = factory.LazyAttribute(lambda o: o.topic.board)
    author = factory.LazyAttribute(lambda o: o.topic.author)
    body = factory.Sequence(lambda n: f"Reply number {n}")

    class Meta:
        model = Post
        skip_postgeneration_save = True

    @factory.post_generation
    def refresh(obj, create, extracted, **kwargs):
        if create:
            refresh_topic(obj.topic)


class ReportFactory(factory.django.DjangoModelFactory):
    post = factory.SubFactory(PostFactory)
    reporter = factory.LazyAttribute(lambda o: MemberFactory().user)
    reason = "spam"

    class Meta:
        model = "forums.Report"


class CannedResponseFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Saved response {n}")
    text = "Please keep to the community guidelines."

    class Meta:
        model = "forums.CannedResponse"


def make_moderator(board, display_name=None):
    """A member in `board`'s moderator group (created and linked when the board has none)."""
    if board.moderator_group_id is None:
        group, _ = Group.objects.get_or_create(name=f"Moderators: {board.title}")
        type(board).objects.filter(pk=board.pk).update(moderator_group=group)
        board.moderator_group = group
    member = MemberFactory(**({"display_name": display_name} if display_name else {}))
    member.user.groups.add(board.moderator_group)
    return member


def make_lead_moderator(display_name=None):
    member = MemberFactory(**({"display_name": display_name} if display_name else {}))
    member.user.groups.add(ensure_lead_moderators_group())
    return member
