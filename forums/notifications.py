"""Emails to members about new posts in the topics and boards they watch.

Posting only enqueues a task (forums.tasks.send_new_post_emails) on the default task
backend: immediate in development and tests, a database queue with a worker in production.
Every email carries a signed one-click unsubscribe link (and the RFC 8058 headers).
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from wagtail.models import Site

from forums.email_preferences import in_email_language, wants_immediate_email
from forums.models import BoardWatch, ModerationSettings, Post, PostEmailSent, Status, TopicWatch
from forums.policy import can_watch, prime_users

UNSUBSCRIBE_SALT = "forums.unsubscribe"


# Unsubscribe links work this long; a stale one explains how to manage emails instead.
UNSUBSCRIBE_MAX_AGE = timedelta(days=90)


def unsubscribe_token(user_id, kind, object_id):
    signer = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT)
    return signer.sign_object({"u": user_id, "k": kind, "id": object_id}, compress=True)


def read_unsubscribe_token(token):
    """Return (user_id, kind, object_id); raise signing.SignatureExpired for a token older than
    UNSUBSCRIBE_MAX_AGE, signing.BadSignature for anything else we did not sign."""
    signer = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT)
    data = signer.unsign_object(token, max_age=UNSUBSCRIBE_MAX_AGE)
    if not isinstance(data, dict) or data.get("k") not in {"topic", "board"}:
        raise signing.BadSignature("Unexpected token content")
    return int(data["u"]), data["k"], int(data["id"])


def recipients_for(post):
    """{user: ("topic"|"board", object_id)} for everyone to tell about `post`, author excluded."""
    wanted = {}
    board_watches = BoardWatch.objects.filter(board_id=post.board_id).select_related(
        "user__member__preferences"
    )
    for watch in board_watches:
        wanted[watch.user] = ("board", post.board_id)
    if not post.is_first:
        topic_watches = TopicWatch.objects.filter(topic_id=post.topic_id).select_related(
            "user__member__preferences"
        )
        for watch in topic_watches:
            wanted[watch.user] = ("topic", post.topic_id)  # the narrower unsubscribe wins
    result = {}
    prime_users(wanted)
    for user, target in wanted.items():
        member = getattr(user, "member", None)
        if user.pk == post.author_id or member is None or not member.email_notifications:
            continue
        if not user.is_active or not user.email:
            continue
        # The watcher must still be allowed to watch and read the board now: a verified email,
        # the board's visibility and its page's view restrictions (forums.policy).
        if not can_watch(user, post.board) or not wants_immediate_email(user, *target):
            continue
        result[user] = target
    return result


def site_root_url():
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL


def send_for_post(post_id):
    post = (
        Post.objects.select_related("topic", "board", "author__member")
        .filter(pk=post_id, status=Status.VISIBLE, topic__status=Status.VISIBLE)
        .first()
    )
    if post is None:  # hidden, deleted or held again before the worker got to it
        return 0
    root = site_root_url()
    board = post.board
    topic_url = board.get_full_url() + board.reverse_subpage("topic", args=[post.topic_id])
    already = set(PostEmailSent.objects.filter(post=post).values_list("user_id", flat=True))
    messages = []
    for user, (kind, object_id) in recipients_for(post).items():
        if user.pk in already:  # sent by an earlier run of this task that did not finish
            continue
        token = unsubscribe_token(user.pk, kind, object_id)
        with in_email_language(user):  # the watcher's language, not the worker's
            unsubscribe_url = root + reverse("forums:unsubscribe", args=[token])
            context = {
                "post": post,
                "topic": post.topic,
                "board": board,
                "topic_url": topic_url,
                "unsubscribe_url": unsubscribe_url,
                "kind": kind,
                "member": user.member,
            }
            subject = (
                gettext("New topic in %(board)s: %(topic)s")
                % {"board": board.title, "topic": post.topic.title}
                if post.is_first
                else gettext("New reply in “%(topic)s”") % {"topic": post.topic.title}
            )
            body = render_to_string("forums/email/new_post.txt", context)
        message = EmailMessage(
            subject=subject[:200],
            body=body,
            to=[user.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        messages.append((user, message))
    sent = 0
    if messages:
        with get_connection() as mail:
            for user, message in messages:
                sent += _send_once(mail, post, user, message)
    return sent


def _send_once(mail, post, user, message):
    """Send `message` unless a marker says it went already; record it in the same transaction.

    The marker is written first and committed only once the mail server took the message: a
    failure to send rolls it back (the retry sends it), and a second worker running the same
    task waits on the marker's unique key, then skips. Only a crash in the instant between the
    server's acceptance and the commit can still repeat one email."""
    try:
        with transaction.atomic():
            PostEmailSent.objects.create(post=post, user=user)
            mail.send_messages([message])
    except IntegrityError:
        return 0
    return 1


def moderators_reply_to():
    """Where replies to moderation emails go (ModerationSettings.moderators_email), or ""."""
    site = Site.objects.filter(is_default_site=True).first()
    return ModerationSettings.for_site(site).moderators_email if site else ""
