"""The member's on-site notifications and their email digests.

- `on_post_visible(post)`: "replied to your topic" and mentions, only to members who may read it.
- `send_digests(frequency, now)`: one email per member listing new topics and replies in the
  boards and topics they watch at that frequency, since their last digest, only visible posts
  on boards they may read. Idempotent: a DigestDelivery row per member and period is written
  in the same transaction as the email is queued, so a second run in the period sends nothing.
"""

import datetime as dt
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django_tasks import task

from forums import mentions, policy
from forums.email_preferences import default_frequency, in_email_language, is_paused
from forums.member_models import (
    UNREAD_CACHE_SECONDS,
    DigestDelivery,
    Frequency,
    MemberPreferences,
    Notification,
    NotificationKind,
    WatchFrequency,
    forget_unread,
    unread_cache_key,
)
from forums.models import BoardWatch, Member, Post, Status, TopicWatch
from forums.notifications import site_root_url

EASTERN = ZoneInfo("America/New_York")
PERIOD_LENGTH = {Frequency.DAILY: dt.timedelta(days=1), Frequency.WEEKLY: dt.timedelta(days=7)}
DIGEST_UNSUBSCRIBE_SALT = "forums.digest-unsubscribe"
MAX_DIGEST_POSTS = 100


def _count_changed(user):
    """Drop `user`'s cached unread count, and the one this user object was loaded with."""
    forget_unread([user.pk])
    if hasattr(user, "unread_notifications"):
        del user.unread_notifications


def notify(user, kind, text, url=""):
    note = Notification.objects.create(user=user, kind=kind, text=text[:300], url=url[:500])
    _count_changed(user)
    return note


def unread_count(user):
    """Unread notifications, for the badge on every board page. The session's user comes with
    the count, read in the statement that loads it (komensite.auth_backends); any other user
    object reads it from the shared cache, which forget_unread() drops whenever it changes, so
    the pages' query budgets stay as they were. The loaded count is as of the start of the
    request: notify() and mark_all_read() given that same user object drop it; notifications
    created for the reader through other paths (replies, messages, moderation outcomes, all
    for other members than the one acting) show from the next request."""
    if not (user and user.is_authenticated):
        return 0
    loaded = getattr(user, "unread_notifications", None)
    if loaded is not None:
        return loaded
    key = unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(user=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def notifications_for(user):
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def mark_all_read(user, now=None):
    done = Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=now or timezone.now())
    _count_changed(user)
    return done


def on_post_visible(post):
    """Tell the topic's author about a reply and mentioned members about a mention."""
    post = Post.objects.select_related("topic__author", "board", "author__member").get(pk=post.pk)
    author_name = post.author_name
    told = {post.author_id}
    rows = []
    topic_author = post.topic.author
    is_reply_to_someone = not post.is_first and topic_author is not None and topic_author.pk not in told
    if is_reply_to_someone and policy.may_be_notified_of(topic_author, post):
        with in_email_language(topic_author):  # notifications read in the member's language
            text = gettext("%(name)s replied to your topic “%(topic)s”") % {
                "name": author_name,
                "topic": post.topic.title,
            }
        rows.append(
            Notification(user=topic_author, kind=NotificationKind.REPLY, text=text[:300], url=post.url)
        )
        told.add(topic_author.pk)
    for member in mentions.mentioned_members(post.body):
        if member.user_id in told or not policy.may_be_notified_of(member.user, post):
            continue
        told.add(member.user_id)
        with in_email_language(member.user):
            text = gettext("%(name)s mentioned you in “%(topic)s”") % {
                "name": author_name,
                "topic": post.topic.title,
            }
        rows.append(
            Notification(user=member.user, kind=NotificationKind.MENTION, text=text[:300], url=post.url)
        )
    Notification.objects.bulk_create(rows)
    forget_unread([row.user_id for row in rows])
    return rows


# Digests ---------------------------------------------------------------------------------------


def period_key(frequency, now):
    local = now.astimezone(EASTERN)
    if frequency == Frequency.DAILY:
        return local.date().isoformat()
    year, week, _ = local.isocalendar()
    return f"{year}-W{week:02d}"


def digest_unsubscribe_max_age():
    """How long a digest's unsubscribe link works (settings.DIGEST_UNSUBSCRIBE_MAX_AGE_DAYS)."""
    return dt.timedelta(days=settings.DIGEST_UNSUBSCRIBE_MAX_AGE_DAYS)


def digest_unsubscribe_token(user_id):
    """A signed, timestamped token naming the member (RFC 8058 one-click links)."""
    return signing.TimestampSigner(salt=DIGEST_UNSUBSCRIBE_SALT).sign_object({"u": user_id})


def read_digest_unsubscribe_token(token):
    """The member's id; signing.SignatureExpired once the link is older than
    digest_unsubscribe_max_age(), signing.BadSignature for anything we did not sign."""
    signer = signing.TimestampSigner(salt=DIGEST_UNSUBSCRIBE_SALT)
    data = signer.unsign_object(token, max_age=digest_unsubscribe_max_age())
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise signing.BadSignature("Unexpected token content")
    return data["u"]


def digest_watches(user, frequency):
    """(board ids, topic ids) the member watches at `frequency`."""
    overrides = {(w.kind, w.object_id): w.frequency for w in WatchFrequency.objects.filter(user=user)}
    default = default_frequency(user)

    def wanted(kind, object_id):
        return (overrides.get((kind, object_id)) or default) == frequency

    boards = [
        pk
        for pk in BoardWatch.objects.filter(user=user).values_list("board_id", flat=True)
        if wanted("board", pk)
    ]
    topics = [
        pk
        for pk in TopicWatch.objects.filter(user=user).values_list("topic_id", flat=True)
        if wanted("topic", pk)
    ]
    return boards, topics


def digest_posts(user, boards, topics, since, until):
    """New topics in watched boards and replies in watched topics, readable by `user` now."""
    if not boards and not topics:
        return []
    posts = (
        Post.objects.filter(
            status=Status.VISIBLE,
            topic__status=Status.VISIBLE,
            board__live=True,
            created_at__gt=since,
            created_at__lte=until,
        )
        .filter(Q(board_id__in=boards, is_first=True) | Q(topic_id__in=topics))
        .exclude(author=user)
        .select_related("topic", "board", "author__member")
        .order_by("board_id", "topic_id", "created_at")[:MAX_DIGEST_POSTS]
    )
    return [p for p in posts if policy.may_be_notified_of(user, p)]


def digest_candidates(frequency):
    """Members who may get a digest at this frequency (default or a watch set to it)."""
    by_default = Q(member__preferences__email_frequency=frequency)
    by_watch = Q(pk__in=WatchFrequency.objects.filter(frequency=frequency).values("user_id"))
    return (
        get_user_model()
        .objects.filter(by_default | by_watch, is_active=True, member__email_notifications=True)
        .exclude(email="")
        .select_related("member__preferences")
        .distinct()
    )


def send_digests(frequency, now=None):
    """Send this period's digests. Returns how many emails were queued."""
    if frequency not in PERIOD_LENGTH:
        raise ValueError(f"Digests are daily or weekly, not {frequency!r}")
    now = now or timezone.now()
    period = period_key(frequency, now)
    sent = 0
    for user in digest_candidates(frequency):
        if is_paused(user, now):
            continue
        if DigestDelivery.objects.filter(user=user, frequency=frequency, period=period).exists():
            continue
        last = DigestDelivery.objects.filter(user=user, frequency=frequency).order_by("-covers_until").first()
        since = max(
            last.covers_until if last else now - PERIOD_LENGTH[frequency], now - PERIOD_LENGTH[frequency] * 2
        )
        boards, topics = digest_watches(user, frequency)
        posts = digest_posts(user, boards, topics, since, now)
        try:
            with transaction.atomic():
                DigestDelivery.objects.create(user=user, frequency=frequency, period=period, covers_until=now)
                if posts:
                    transaction.on_commit(
                        partial(_queue_digest_email, user.pk, frequency, [p.pk for p in posts])
                    )
                    sent += 1
        except IntegrityError:
            continue  # another run got there first
    return sent


def _queue_digest_email(user_id, frequency, post_ids):
    send_digest_email_task.enqueue(user_id, frequency, post_ids)


@task()
def send_digest_email_task(user_id, frequency, post_ids):
    """One member's digest, sent by the worker (queued by send_digests)."""
    return send_digest_email(user_id, frequency, post_ids)


@task()
def send_digests_task(frequency):
    """Run this period's digests on the worker (`manage.py send_digests --enqueue`)."""
    return send_digests(frequency)


def send_digest_email(user_id, frequency, post_ids):
    """Render and send one digest. Re-checks visibility: content hidden since is left out."""
    member = Member.objects.select_related("user").filter(user_id=user_id, user__is_active=True).first()
    if member is None or not member.user.email:
        return 0
    user = member.user
    posts = [
        p
        for p in Post.objects.filter(pk__in=post_ids, status=Status.VISIBLE, topic__status=Status.VISIBLE)
        .select_related("topic", "board", "author__member")
        .order_by("board_id", "topic_id", "created_at")
        if policy.may_be_notified_of(user, p)
    ]
    if not posts:
        return 0
    root = site_root_url()
    with in_email_language(user):  # the member's language, not the worker's
        unsubscribe_url = root + reverse(
            "forums:digest_unsubscribe", args=[digest_unsubscribe_token(user.pk)]
        )
        daily = frequency == Frequency.DAILY
        body = render_to_string(
            "forums/email/digest.txt",
            {
                "member": member,
                "posts": posts,
                "daily": daily,
                "root": root,
                "unsubscribe_url": unsubscribe_url,
                "preferences_url": root + reverse("forums:profile"),
            },
        )
        count = {"count": len(posts)}
        if daily:
            subject = (
                ngettext(
                    "Your daily message board digest: %(count)d new post",
                    "Your daily message board digest: %(count)d new posts",
                    len(posts),
                )
                % count
            )
        else:
            subject = (
                ngettext(
                    "Your weekly message board digest: %(count)d new post",
                    "Your weekly message board digest: %(count)d new posts",
                    len(posts),
                )
                % count
            )
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    return get_connection().send_messages([message])


def turn_off_digests(user_id):
    """One-click unsubscribe from digests: emails about watches become 'off'."""
    MemberPreferences.objects.filter(member__user_id=user_id).update(email_frequency=Frequency.OFF)
    WatchFrequency.objects.filter(user_id=user_id, frequency__in=[Frequency.DAILY, Frequency.WEEKLY]).update(
        frequency=Frequency.OFF
    )
    member = Member.objects.filter(user_id=user_id).first()
    if member is not None:
        MemberPreferences.objects.get_or_create(member=member, defaults={"email_frequency": Frequency.OFF})
