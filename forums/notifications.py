"""Emails to members about new posts in the topics and boards they watch.

Posting only enqueues a task (forums.tasks.send_new_post_emails) on the default task
backend: immediate in development and tests, a database queue with a worker in production.
Every email carries a signed one-click unsubscribe link (and the RFC 8058 headers).
"""

import logging
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.models import Site

from forums.email_preferences import wants_immediate_email
from forums.member_models import Notification, NotificationKind, forget_unread
from forums.models import BoardWatch, Post, Status, TopicWatch

UNSUBSCRIBE_SALT = "forums.unsubscribe"
logger = logging.getLogger(__name__)


def unsubscribe_token(user_id, kind, object_id):
    return signing.dumps({"u": user_id, "k": kind, "id": object_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """Return (user_id, kind, object_id) or raise signing.BadSignature."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or data.get("k") not in {"topic", "board"}:
        raise signing.BadSignature("Unexpected token content")
    return int(data["u"]), data["k"], int(data["id"])


def queue_new_post_emails(post):
    from forums.tasks import send_new_post_emails

    send_new_post_emails.enqueue(post.pk)


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
    for user, target in wanted.items():
        member = getattr(user, "member", None)
        if user.pk == post.author_id or member is None or not member.email_notifications:
            continue
        if not user.is_active or not user.email:
            continue
        if not wants_immediate_email(user, *target):  # issue 16: digests, "off" and pauses
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
    messages = []
    for user, (kind, object_id) in recipients_for(post).items():
        token = unsubscribe_token(user.pk, kind, object_id)
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
            f"New topic in {board.title}: {post.topic.title}"
            if post.is_first
            else f"New reply in “{post.topic.title}”"
        )
        messages.append(
            EmailMessage(
                subject=subject[:200],
                body=render_to_string("forums/email/new_post.txt", context),
                to=[user.email],
                headers={
                    "List-Unsubscribe": f"<{unsubscribe_url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
        )
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


# Moderation emails ---------------------------------------------------------------------------


def queue_member_email(user, subject, template, context):
    """Email one member about a moderation decision (rejection, warning, suspension)."""
    from forums.tasks import send_plain_email

    if user is None or not user.email or not user.is_active:
        return False
    member = getattr(user, "member", None)
    body = render_to_string(template, {**context, "member": member, "site_url": site_root_url()})
    Notification.objects.create(user=user, kind=NotificationKind.MODERATION, text=subject[:300])  # issue 16
    forget_unread([user.pk])
    # Only once the action is committed: a bulk action refused half-way emails nobody.
    transaction.on_commit(partial(send_plain_email.enqueue, subject, body, [user.email]))
    return True


def queue_crisis_alert(report):
    """Tell the board's moderators and the lead moderators about a crisis report, at once."""
    from forums.moderation import moderators_of
    from forums.tasks import send_plain_email

    post = report.post
    board = post.board
    recipients = sorted({u.email for u in moderators_of(board) if u.email})
    if not recipients:
        logger.error("Crisis report %s on board %s: no moderator has an email address", report.pk, board.pk)
        return 0
    body = render_to_string(
        "forums/email/crisis_alert.txt",
        {
            "report": report,
            "post": post,
            "board": board,
            "queue_url": site_root_url() + reverse("moderation:queue"),
            "post_url": site_root_url() + reverse("moderation:post", args=[post.pk]),
        },
    )
    subject = f"URGENT: someone may be at risk on {board.title}"[:200]
    transaction.on_commit(partial(send_plain_email.enqueue, subject, body, recipients))
    return len(recipients)
