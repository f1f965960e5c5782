"""The moderation log's writer: one append-only ModerationAction row per action, with who acted
and on what. Below the actions, the crisis protocol and the topic tools, which all log through
it; it imports nothing from the boards but their models.
"""

from functools import partial

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from forums.email_preferences import in_email_language
from forums.member_models import Message, Notification, NotificationKind, forget_unread
from forums.models import (
    DELETED_MEMBER_NAME,
    ActionKind,
    BoardPage,
    Member,
    ModerationAction,
    Post,
    Report,
    Topic,
)
from forums.notifications import moderators_reply_to, site_root_url
from forums.tasks import send_plain_email

SYSTEM_NAME = "System"  # rows written by the site itself (a watched word, an escalation)


class ActionRefused(Exception):
    """The action does not apply to the object in its current state (e.g. approving a visible post)."""


def actor_name(user):
    """The name a log row keeps for `user` (their display name, else their account name)."""
    if user is None:
        return DELETED_MEMBER_NAME
    member = getattr(user, "member", None)
    return member.display_name if member else (user.get_full_name() or user.get_username())


def log_action(moderator, action, target, board, reason="", member=None, before=None, after=None):
    """Write the log row for `action` on `target`; `moderator` None means the site itself."""
    if isinstance(target, Post):
        kind, label = "post", f"Post {target.pk} in “{target.topic.title}”"[:200]
        member = member if member is not None else target.author
    elif isinstance(target, Topic):
        kind, label = "topic", target.title[:200]
        member = member if member is not None else target.author
    elif isinstance(target, Member):
        kind, label = "member", target.display_name
        member = target.user
    elif isinstance(target, Report):
        kind, label = "report", f"{target.get_reason_display()} report on post {target.post_id}"
        member = member if member is not None else target.post.author
    elif isinstance(target, BoardPage):
        kind, label = "board", target.title[:200]
    elif isinstance(target, Message):  # private: the label names the message, never its words
        kind, label = "message", f"Message {target.pk}"
        member = member if member is not None else target.author
    else:  # pragma: no cover - programming error
        raise TypeError(f"Cannot log an action on {target!r}")
    return ModerationAction.objects.create(
        moderator=moderator,
        moderator_name=actor_name(moderator) if moderator is not None else SYSTEM_NAME,
        action=action,
        board=board,
        member=member,
        member_name=actor_name(member) if member is not None else "",
        target_type=kind,
        target_id=target.pk,
        target_label=label,
        reason=reason or "",
        before=before or {},
        after=after or {},
    )


def log_watched_words_import(user, filename, created, updated):
    """Write the log row for a watched-words CSV import in the admin (who, which file, how many)."""
    return ModerationAction.objects.create(
        moderator=user,
        moderator_name=actor_name(user),
        action=ActionKind.IMPORT_WATCHED_WORDS,
        target_type="words",
        target_id=0,
        target_label=f"Watched words from “{filename}”"[:200],
        after={"file": filename, "created": created, "updated": updated},
    )


def queue_member_email(user, subject, template, context, reply_to=""):
    """Email one member about a moderation decision (rejection, warning, suspension, hiding).

    Subject (a lazy translation) and body are written in the member's email language, whoever
    acted and in whichever language. Replies go to the moderators' address
    (ModerationSettings) unless `reply_to` says otherwise."""
    if user is None or not user.email or not user.is_active:
        return False
    member = getattr(user, "member", None)
    root = site_root_url()
    with in_email_language(user):
        subject = str(subject)
        # home_url: the home page in the member's language (/es/ for Spanish).
        links = {"site_url": root, "home_url": root + reverse("wagtail_serve", args=[""])}
        body = render_to_string(template, {**context, "member": member, **links})
    # The same news on the member's notifications page (badge in the member bar).
    Notification.objects.create(user=user, kind=NotificationKind.MODERATION, text=subject[:300])
    forget_unread([user.pk])
    reply_to = reply_to or moderators_reply_to()
    # Only once the action is committed: a bulk action refused half-way emails nobody.
    transaction.on_commit(partial(send_plain_email.enqueue, subject, body, [user.email], reply_to or None))
    return True
