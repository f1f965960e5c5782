"""Signed-in bench requests: a member and a lead moderator with real sessions, and held posts
for the moderation queue. Bench database only (`make bench`)."""

from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
    load_backend,
)
from django.contrib.auth.models import Group
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string

from bench import forum_posts
from forums import posting, reactions
from forums.markup import render_markdown
from forums.member_models import Conversation, ConversationMember, Message, Reaction
from forums.models import ForumSettings, Member, Post, Status, Topic
from forums.policy import LEAD_MODERATORS

MODERATOR_EMAIL = "bench-moderator@bench.invalid"


def session_cookie(user):
    """A `Cookie` header value for a fresh session signed in as `user`, with the CSRF cookie a
    signed-in browser holds (set by the sign-in form, rotated at sign-in). Without it, every
    page with a form minted a new CSRF secret for the response, where a member's page reuses theirs."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # The first backend that can load a user (the login throttle in front of it cannot).
    store[BACKEND_SESSION_KEY] = next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    csrf_secret = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}; {settings.CSRF_COOKIE_NAME}={csrf_secret}"


def member_cookie():
    """A member as the issue's signed-in rows mean one: with a verified email, so their topic page
    has what a member's has (the watch form, the reply form, edit and quote links on their own
    posts), not the "confirm your email" notice an unconfirmed account gets."""
    authors = forum_posts.ensure_authors()
    if not authors:
        return None
    user = authors[0]
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return session_cookie(user)


def moderator_cookie():
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=MODERATOR_EMAIL, defaults={"email": MODERATOR_EMAIL})
    now = timezone.now()
    Member.objects.get_or_create(
        user=user,
        defaults={
            "display_name": "Bench moderator",
            "confirmed_adult_at": now,
            "accepted_guidelines_at": now,
        },
    )
    user.groups.add(Group.objects.get_or_create(name=LEAD_MODERATORS)[0])
    return session_cookie(user)


def hold_posts(count=1000):
    """Hold `count` replies of the bench board (the newest), so the queue has work to show."""
    board = forum_posts.bench_board()
    if board is None:
        return 0
    held = Post.objects.filter(board=board, status=Status.HELD).count()
    if held < count:
        ids = list(
            Post.objects.filter(board=board, is_first=False, status=Status.VISIBLE)
            .order_by("-pk")
            .values_list("pk", flat=True)[: count - held]
        )
        Post.objects.filter(pk__in=ids).update(status=Status.HELD, held_reason="Bench: held for review")
        held += len(ids)
    # The update above bypasses the product's bookkeeping: a held post is never its topic's last
    # post (posting.refresh_topic counts visible posts only), and a board row whose last post is
    # held is rendered for each request and never shared (forums.board_fragments). Recount the
    # topics it touched, as holding a post through the moderation tools does.
    for topic in Topic.objects.filter(board=board, last_post__status=Status.HELD):
        posting.refresh_topic(topic)
    return held


CONVERSATION_SUBJECT = "Bench conversation"


def reactions_topic_path(reactors=6):
    """A bench topic next to the plain topic row's, whose first page of posts carries
    reactions from `reactors` members (issue 16's "topic page with reactions" row)."""
    board = forum_posts.bench_board()
    middle = forum_posts.bench_topic(board)
    if middle is None:
        return None
    topic = (
        Topic.objects.filter(board=board, pk__gt=middle.pk, title__startswith=forum_posts.TOPIC_PREFIX)
        .order_by("pk")
        .first()
        or middle
    )
    labels = (ForumSettings.objects.first() or ForumSettings()).reaction_labels()
    authors = forum_posts.ensure_authors()[1 : reactors + 1]
    first_page = Post.objects.filter(topic=topic, status=Status.VISIBLE).order_by("created_at", "pk")
    post_ids = list(first_page.values_list("pk", flat=True)[: board.POSTS_PER_PAGE])
    Reaction.objects.bulk_create(
        [
            Reaction(post_id=post_id, user=author, label=labels[n % len(labels)])
            for post_id in post_ids
            for n, author in enumerate(authors)
        ],
        ignore_conflicts=True,
    )
    reactions.recount(post_ids)  # bulk_create sends no signals
    topic.board = board
    return topic.url


def conversation_path(messages=30):
    """A private conversation between the bench member (the first author) and another, with
    `messages` messages (issue 16's conversation row)."""
    authors = forum_posts.ensure_authors()
    if len(authors) < 2:
        return None
    member, other = authors[0], authors[1]
    conversation = Conversation.objects.filter(
        subject=CONVERSATION_SUBJECT, participants__user=member
    ).first()
    if conversation is None:
        now = timezone.now()
        conversation = Conversation.objects.create(
            subject=CONVERSATION_SUBJECT, created_at=now, last_message_at=now
        )
        ConversationMember.objects.bulk_create(
            [
                ConversationMember(conversation=conversation, user=member, joined_at=now, last_read_at=now),
                ConversationMember(conversation=conversation, user=other, joined_at=now),
            ]
        )
        bodies = [
            f"Message {n} about how the week went, with **a little** Markdown." for n in range(messages)
        ]
        Message.objects.bulk_create(
            [
                Message(
                    conversation=conversation,
                    author=(member, other)[n % 2],
                    body=body,
                    body_html=render_markdown(body),
                    created_at=now,
                )
                for n, body in enumerate(bodies)
            ]
        )
    return reverse("forums:conversation", args=[conversation.pk])
