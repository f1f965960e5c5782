"""Moderation actions: approve, reject, hide, restore, edit, lock, pin, move, merge, dismiss a
report, and assigning a board's moderators; warn, suspend, ban and lift live in
forums.member_actions and are re-exported here, so `forums.actions` is every moderation action.

Each action checks the acting user's powers with forums.policy (PermissionDenied otherwise),
changes the content and writes its ModerationAction row in one transaction: no change without
its log row.
"""

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums import posting
from forums.audit import ActionRefused, log_action, queue_member_email
from forums.email_preferences import in_email_language
from forums.member_actions import (  # noqa: F401  (re-exported: forums.actions is every moderation action)
    ban,
    lift_suspension,
    suspend,
    warn,
)
from forums.models import (
    ActionKind,
    Member,
    Post,
    Report,
    ReportStatus,
    Status,
    Topic,
    TopicWatch,
)
from forums.notifications import site_root_url
from forums.policy import require_moderator


def _close_reports(post, moderator, status):

    Report.objects.filter(post=post, status=ReportStatus.OPEN).update(
        status=status, closed_at=timezone.now(), closed_by=moderator
    )


def _locked_post(post):
    """Re-read the post under a row lock so two moderators cannot act on it at once."""

    return (
        Post.objects.select_for_update(of=("self",))
        .select_related("topic", "board", "author__member")
        .get(pk=post.pk)
    )


def _move_post(post, new_status, topic_from=None):
    """Give `post` a new status; when it is its topic's first message, the topic follows
    (only from the statuses in `topic_from`, when given). Returns the refreshed topic."""

    post.status = new_status
    post.save(update_fields=["status"])
    topic = post.topic
    if post.is_first and (topic_from is None or topic.status in topic_from):
        topic.status = new_status
        topic.save(update_fields=["status"])
    posting.refresh_topic(topic)
    return topic


@transaction.atomic
def approve(moderator, post, reason=""):

    post = _locked_post(post)
    require_moderator(moderator, post.board)
    if post.status != Status.HELD:
        raise ActionRefused("This post is not awaiting review.")
    topic = _move_post(post, Status.VISIBLE, topic_from=(Status.HELD,))
    if post.author_id:
        Member.objects.filter(user_id=post.author_id).update(approved_post_count=F("approved_post_count") + 1)
    _close_reports(post, moderator, ReportStatus.RESOLVED)
    log_action(moderator, ActionKind.APPROVE, post, post.board, reason)
    if topic.status == Status.VISIBLE:
        posting.post_became_visible(post)
    return post


@transaction.atomic
def reject(moderator, post, reason):

    post = _locked_post(post)
    require_moderator(moderator, post.board)
    if post.status != Status.HELD:
        raise ActionRefused("This post is not awaiting review.")
    if not (reason or "").strip():
        raise ActionRefused("Give a reason: it is sent to the author.")
    topic = _move_post(post, Status.REMOVED)
    _close_reports(post, moderator, ReportStatus.RESOLVED)
    log_action(moderator, ActionKind.REJECT, post, post.board, reason)
    queue_member_email(
        post.author,
        _("Your post was not published"),
        "forums/email/rejected.txt",
        {"post": post, "topic": topic, "board": post.board, "reason": reason, **rejection_links(post)},
    )
    return post


def rejection_links(post):
    """The author's way back to a rejected post: its friendly page and the appeal form."""
    root = site_root_url()
    with in_email_language(post.author):  # /es/appeals/… for a member who reads Spanish
        return {
            "post_page_url": root + post.topic.get_url(),
            "appeal_url": root + reverse("appeals:post", args=[post.pk]),
        }


@transaction.atomic
def hide(moderator, post, reason="", notify=False):
    """Hide a visible post (reversible). Hiding a topic's first message hides the topic.

    With `notify`, the reason is addressed to the member and emailed to them."""
    post = _locked_post(post)
    require_moderator(moderator, post.board)
    if post.status != Status.VISIBLE:
        raise ActionRefused("Only a visible post can be hidden.")
    if notify and not (reason or "").strip():
        raise ActionRefused("Write the reason to email it to the member.")
    _move_post(post, Status.HIDDEN, topic_from=(Status.VISIBLE,))
    _close_reports(post, moderator, ReportStatus.RESOLVED)
    log_action(moderator, ActionKind.HIDE, post, post.board, reason, after={"member_emailed": bool(notify)})
    if notify:
        queue_member_email(
            post.author,
            _("A moderator hid your post"),
            "forums/email/hidden.txt",
            {"post": post, "topic": post.topic, "board": post.board, "reason": reason},
        )
    return post


@transaction.atomic
def restore(moderator, post, reason=""):

    post = _locked_post(post)
    require_moderator(moderator, post.board)
    if post.status not in (Status.HIDDEN, Status.REMOVED):
        raise ActionRefused("Only a hidden or removed post can be restored.")
    _move_post(post, Status.VISIBLE, topic_from=(Status.HIDDEN, Status.REMOVED))
    log_action(moderator, ActionKind.RESTORE, post, post.board, reason)
    return post


@transaction.atomic
def edit(moderator, post, body, reason):
    """A moderator changes a post's text; the original stays in the post's revisions."""

    post = _locked_post(post)
    require_moderator(moderator, post.board)
    if not (reason or "").strip():
        raise ActionRefused("Say why you edited the post.")
    if post.status == Status.DELETED:
        raise ActionRefused("A deleted post cannot be edited.")
    before = {"body": post.body}
    posting.edit_post(post, moderator, body, reason=reason[:300])
    log_action(moderator, ActionKind.EDIT, post, post.board, reason, before=before, after={"body": post.body})
    return post


@transaction.atomic
def approve_edit(moderator, post, reason=""):
    """Publish an author's edit that was held for review; the text it replaces is kept in the
    post's revisions."""
    post = _locked_post(post)
    require_moderator(moderator, post.board)
    if post.pending_at is None:
        raise ActionRefused("This post has no edit awaiting review.")
    before = {"body": post.body}
    body, title = post.pending_body, post.pending_title or None
    posting.clear_pending_edit(post)
    posting.edit_post(post, post.author, body, title=title)
    log_action(
        moderator, ActionKind.APPROVE_EDIT, post, post.board, reason, before=before, after={"body": body}
    )
    return post


@transaction.atomic
def reject_edit(moderator, post, reason):
    """Discard an author's held edit: the post keeps its approved text; the author is told why."""
    post = _locked_post(post)
    require_moderator(moderator, post.board)
    if post.pending_at is None:
        raise ActionRefused("This post has no edit awaiting review.")
    if not (reason or "").strip():
        raise ActionRefused("Give a reason: it is sent to the author.")
    before = {"body": post.pending_body}
    posting.clear_pending_edit(post)
    log_action(moderator, ActionKind.REJECT_EDIT, post, post.board, reason, before=before)
    queue_member_email(
        post.author,
        "Your edit was not published",
        "forums/email/rejected.txt",
        {"post": post, "topic": post.topic, "board": post.board, "reason": reason, "edit": True},
    )
    return post


def log_moderator_group_change(user, board, before_group, after_group):
    """Audit an editor's change of a board's moderator group (the admin form only offers the
    field to holders of forums.assign_board_moderators: lead moderators and superusers)."""

    def describe(group):
        return {"group": group.pk, "group_name": group.name} if group else {"group": None, "group_name": ""}

    return log_action(
        user,
        ActionKind.ASSIGN_MODERATORS,
        board,
        board,
        before=describe(before_group),
        after=describe(after_group),
    )


def _topic_flag(moderator, topic, field, value, action, reason):

    topic = Topic.objects.select_for_update().select_related("board").get(pk=topic.pk)
    require_moderator(moderator, topic.board)
    if getattr(topic, field) == value:
        raise ActionRefused("The topic is already like that.")
    setattr(topic, field, value)
    topic.save(update_fields=[field])
    log_action(moderator, action, topic, topic.board, reason, before={field: not value}, after={field: value})
    return topic


@transaction.atomic
def lock(moderator, topic, reason=""):

    return _topic_flag(moderator, topic, "is_locked", True, ActionKind.LOCK, reason)


@transaction.atomic
def unlock(moderator, topic, reason=""):

    return _topic_flag(moderator, topic, "is_locked", False, ActionKind.UNLOCK, reason)


@transaction.atomic
def pin(moderator, topic, reason=""):

    return _topic_flag(moderator, topic, "is_pinned", True, ActionKind.PIN, reason)


@transaction.atomic
def unpin(moderator, topic, reason=""):

    return _topic_flag(moderator, topic, "is_pinned", False, ActionKind.UNPIN, reason)


@transaction.atomic
def move(moderator, topic, target_board, reason=""):
    """Move a topic and all its posts to another board (moderator of both boards, or lead)."""

    topic = Topic.objects.select_for_update().select_related("board").get(pk=topic.pk)
    source = topic.board
    require_moderator(moderator, source)
    require_moderator(moderator, target_board)
    if source.pk == target_board.pk:
        raise ActionRefused("The topic is already on that board.")
    topic.board = target_board
    topic.save(update_fields=["board"])
    Post.objects.filter(topic=topic).update(board=target_board)
    log_action(
        moderator,
        ActionKind.MOVE,
        topic,
        source,
        reason,
        before={"board": source.pk, "board_title": source.title},
        after={"board": target_board.pk, "board_title": target_board.title},
    )
    return topic


@transaction.atomic
def merge(moderator, duplicate, target, reason=""):
    """Merge the duplicate topic into `target`: every post moves over (kept in time order),
    watchers follow, the emptied duplicate is removed and both topics' counts are refreshed."""

    topics = {
        t.pk: t
        for t in Topic.objects.select_for_update()
        .select_related("board")
        .filter(pk__in=[duplicate.pk, target.pk])
    }
    if duplicate.pk == target.pk or len(topics) != 2:
        raise ActionRefused("Choose two different topics.")
    duplicate, target = topics[duplicate.pk], topics[target.pk]
    require_moderator(moderator, duplicate.board)
    require_moderator(moderator, target.board)
    if target.status != Status.VISIBLE:
        raise ActionRefused("Merge into a visible topic.")
    moved = list(Post.objects.filter(topic=duplicate).values_list("pk", flat=True))
    Post.objects.filter(topic=duplicate).update(topic=target, board=target.board, is_first=False)
    watchers = TopicWatch.objects.filter(topic=duplicate).values_list("user_id", flat=True)
    TopicWatch.objects.bulk_create(
        [TopicWatch(user_id=user_id, topic=target) for user_id in watchers], ignore_conflicts=True
    )
    before = {"topic": duplicate.pk, "title": duplicate.title, "status": duplicate.status, "posts": moved}
    duplicate.status = Status.REMOVED
    duplicate.save(update_fields=["status"])
    posting.refresh_topic(duplicate)
    posting.refresh_topic(target)
    log_action(
        moderator,
        ActionKind.MERGE,
        target,
        target.board,
        reason,
        member=duplicate.author,
        before=before,
        after={"topic": target.pk, "title": target.title},
    )
    return target


@transaction.atomic
def dismiss_report(moderator, report, reason=""):

    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("post__board", "post__topic")
        .get(pk=report.pk)
    )
    require_moderator(moderator, report.post.board)
    if report.status != ReportStatus.OPEN:
        raise ActionRefused("This report is already closed.")
    report.status = ReportStatus.DISMISSED
    report.closed_at = timezone.now()
    report.closed_by = moderator
    report.save(update_fields=["status", "closed_at", "closed_by"])
    log_action(moderator, ActionKind.DISMISS, report, report.post.board, reason)
    return report


@transaction.atomic
def bulk(moderator, action, posts, reason=""):
    """Approve or reject many held posts at once (spam waves). All or nothing: one post the
    moderator may not act on refuses the whole batch."""
    if action not in ("approve", "reject"):
        raise ActionRefused("Bulk actions are approve and reject.")
    done = []
    for post in posts:
        if action == "approve":
            done.append(approve(moderator, post, reason))
        else:
            done.append(reject(moderator, post, reason))
    return done
