"""Signed-in bench requests: a member and a lead moderator with real sessions, and held posts
for the moderation queue. Bench database only (`make bench`)."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
    load_backend,
)
from django.contrib.auth.models import Group
from django.utils import timezone

from bench import forum_posts
from forums.models import Member, Post, Status
from forums.policy import LEAD_MODERATORS

MODERATOR_EMAIL = "bench-moderator@bench.invalid"


def session_cookie(user):
    """A `Cookie` header value for a fresh session signed in as `user`."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # The first backend that can load a user (the login throttle in front of it cannot).
    store[BACKEND_SESSION_KEY] = next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def member_cookie():
    authors = forum_posts.ensure_authors()
    return session_cookie(authors[0]) if authors else None


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
    return held
