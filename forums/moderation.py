"""Who may read and post where, and what state new content starts in.

Plain functions without requests or templates, so views, tasks, commands and the moderation
tools (issue 7: queue, actions, audit log) share one definition of the rules.
"""

import re
import zoneinfo

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from forums.models import BoardVisibility, PreModeration, Status


def member_of(user):
    """The user's Member profile, or None (anonymous, or an editor who never joined)."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.member
    except Exception:  # RelatedObjectDoesNotExist
        return None


LEAD_MODERATORS = "Lead moderators"
EASTERN = zoneinfo.ZoneInfo("America/New_York")  # times shown to members carry an "ET" label


def ensure_lead_moderators_group(**kwargs):
    """Create the site-wide "Lead moderators" group (post_migrate; safe to call repeatedly)."""
    from django.contrib.auth.models import Group

    return Group.objects.using(kwargs.get("using", "default")).get_or_create(name=LEAD_MODERATORS)[0]


def _group_info(user):
    """(group ids, is lead) for the user, cached on the user object for this request."""
    cached = getattr(user, "_forum_moderation_groups", None)
    if cached is None:
        rows = list(user.groups.values_list("pk", "name"))
        cached = ({pk for pk, _ in rows}, any(name == LEAD_MODERATORS for _, name in rows))
        user._forum_moderation_groups = cached
    return cached


def is_lead_moderator(user):
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or _group_info(user)[1]


def is_moderator(user, board):
    """Lead moderators moderate every board; a board's moderator group only that board."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if is_lead_moderator(user):
        return True
    return board.moderator_group_id is not None and board.moderator_group_id in _group_info(user)[0]


def moderated_board_ids(user):
    """IDs of the boards this user moderates (all boards for lead moderators)."""
    from forums.models import BoardPage

    if not (user and user.is_authenticated and user.is_active):
        return []
    if is_lead_moderator(user):
        return list(BoardPage.objects.values_list("pk", flat=True))
    groups = _group_info(user)[0]
    if not groups:
        return []
    return list(BoardPage.objects.filter(moderator_group_id__in=groups).values_list("pk", flat=True))


def is_any_moderator(user):
    return bool(moderated_board_ids(user))


def can_read_board(user, board):
    if board.visibility == BoardVisibility.PUBLIC:
        return True
    return bool(user and user.is_authenticated)


def readable_board_ids(user, boards_qs):
    """IDs of live boards this user may read (for site search and listings)."""
    qs = boards_qs.live()
    if not (user and user.is_authenticated):
        qs = qs.filter(visibility=BoardVisibility.PUBLIC)
    return list(qs.values_list("pk", flat=True))


def has_verified_email(user):
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


class PostingRefused(Exception):
    """Why a user may not post right now, in words we can show them."""


def suspension_message(member, now=None):
    """What a banned or suspended member is told (until when and why), or ""."""
    now = now or timezone.now()
    reason = f" Reason: {member.suspension_reason}" if member.suspension_reason else ""
    if member.is_banned:
        return "Your account can no longer post on the message boards." + reason
    if member.suspended_until and member.suspended_until > now:
        return f"Your posting is suspended until {eastern_time(member.suspended_until)}." + reason
    return ""


def eastern_time(value):
    """'December 3, 2026 at 4:05 PM ET': times shown to members carry their zone."""
    return timezone.localtime(value, EASTERN).strftime("%B %-d, %Y at %-I:%M %p ET")


def check_can_post(user, board, topic=None, now=None):
    """Raise PostingRefused with a human reason, or return the member."""
    now = now or timezone.now()
    member = member_of(user)
    if member is None:
        raise PostingRefused("Create your member profile before posting.")
    suspended = suspension_message(member, now)
    if suspended:
        raise PostingRefused(suspended)
    if not has_verified_email(user):
        raise PostingRefused("Confirm your email address before posting: check your inbox for our link.")
    if topic is not None and topic.is_locked:
        raise PostingRefused("This topic is locked: it takes no new replies.")
    from forums.modtools_policy import posting_refusal  # slow mode and timed close (issue 17)

    if refused := posting_refusal(user, board, topic, now):
        raise PostingRefused(refused)
    return member


LINK_PATTERN = re.compile(r"(?:https?://|mailto:|www\.)\S+", re.IGNORECASE)


def count_links(text):
    return len(LINK_PATTERN.findall(text or ""))


def blocked_word_in(board, text):
    """The first site-wide or board "hold" watched word found in `text`, or "" (issue 17)."""
    from forums.watched_words import hold_word

    return hold_word(board, text)


def default_forum_settings():
    """The message-board settings of the default site (posting rules run without a request)."""
    from wagtail.models import Site

    from forums.models import ForumSettings

    site = Site.objects.filter(is_default_site=True).first()
    return ForumSettings.for_site(site) if site else ForumSettings()


def is_new_member(member, now=None, config=None):
    config = config or default_forum_settings()
    now = now or timezone.now()
    return (now - member.created_at).days < config.new_member_days


def hold_reason(board, member, text="", now=None):
    """Why a new post by `member` must wait for a moderator, or "" when it may go straight up."""
    if board.premoderation == PreModeration.ALL:
        return "This board holds every new post for review."
    if (
        board.premoderation == PreModeration.NEW_MEMBERS
        and member.approved_post_count < board.premoderation_threshold
    ):
        return f"New member: fewer than {board.premoderation_threshold} approved posts."
    word = blocked_word_in(board, text)
    if word:
        return f"Contains a watched word: “{word}”."
    config = default_forum_settings()
    links = count_links(text)
    if links > config.new_member_max_links and is_new_member(member, now, config):
        return f"New member's post with {links} links (limit {config.new_member_max_links})."
    return ""


def initial_status(board, member, text=""):
    """Status of a new post: held for review when the board pre-moderates this member, or the
    text has a blocked word or (from a new member) too many links."""
    return Status.HELD if hold_reason(board, member, text) else Status.VISIBLE


def visible_posts_filter(user, board):
    """Q for the posts of a topic this user sees: visible ones, plus their own held ones."""
    if is_moderator(user, board):
        return Q(status__in=[Status.VISIBLE, Status.HELD, Status.HIDDEN])
    condition = Q(status=Status.VISIBLE)
    if user and user.is_authenticated:
        condition |= Q(status=Status.HELD, author=user)
    return condition


def can_change_post(user, post):
    """Authors may edit and delete their own posts (moderators use the moderation tools)."""
    return bool(
        user
        and user.is_authenticated
        and post.author_id == user.pk
        and post.status in (Status.VISIBLE, Status.HELD)
    )


# Moderation actions ---------------------------------------------------------------------------
#
# Each action checks the acting user's powers (PermissionDenied otherwise), changes the content
# and writes its ModerationAction row in one transaction: no change without its log row.


def _display(user):
    if user is None:
        return "Deleted member"
    member = getattr(user, "member", None)
    return member.display_name if member else (user.get_full_name() or user.get_username())


def require_moderator(user, board):
    if not is_moderator(user, board):
        raise PermissionDenied("You do not moderate this board.")


def require_lead(user):
    if not is_lead_moderator(user):
        raise PermissionDenied("Only lead moderators can do this.")


def log_action(moderator, action, target, board, reason="", member=None, before=None, after=None):
    from forums.models import Member, ModerationAction, Post, Report, Topic

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
    else:  # pragma: no cover - programming error
        raise TypeError(f"Cannot log an action on {target!r}")
    return ModerationAction.objects.create(
        moderator=moderator,
        moderator_name=_display(moderator) if moderator is not None else "System",  # automatic rows
        action=action,
        board=board,
        member=member,
        member_name=_display(member) if member is not None else "",
        target_type=kind,
        target_id=target.pk,
        target_label=label,
        reason=reason or "",
        before=before or {},
        after=after or {},
    )


def _close_reports(post, moderator, status):
    from forums.models import Report, ReportStatus

    Report.objects.filter(post=post, status=ReportStatus.OPEN).update(
        status=status, closed_at=timezone.now(), closed_by=moderator
    )


def _locked_post(post):
    """Re-read the post under a row lock so two moderators cannot act on it at once."""
    from forums.models import Post

    return (
        Post.objects.select_for_update(of=("self",))
        .select_related("topic", "board", "author__member")
        .get(pk=post.pk)
    )


class ActionRefused(Exception):
    """The action does not apply to the object in its current state (e.g. approving a visible post)."""


def _move_post(post, new_status, topic_from=None):
    """Give `post` a new status; when it is its topic's first message, the topic follows
    (only from the statuses in `topic_from`, when given). Returns the refreshed topic."""
    from forums import posting

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
    from forums import posting
    from forums.models import ActionKind, Member, ReportStatus

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
    from forums import notifications
    from forums.models import ActionKind, ReportStatus

    post = _locked_post(post)
    require_moderator(moderator, post.board)
    if post.status != Status.HELD:
        raise ActionRefused("This post is not awaiting review.")
    if not (reason or "").strip():
        raise ActionRefused("Give a reason: it is sent to the author.")
    topic = _move_post(post, Status.REMOVED)
    _close_reports(post, moderator, ReportStatus.RESOLVED)
    log_action(moderator, ActionKind.REJECT, post, post.board, reason)
    notifications.queue_member_email(
        post.author,
        "Your post was not published",
        "forums/email/rejected.txt",
        {"post": post, "topic": topic, "board": post.board, "reason": reason, **rejection_links(post)},
    )
    return post


def rejection_links(post):
    """The author's way back to a rejected post: its friendly page and the appeal form."""
    from django.urls import reverse

    from forums.notifications import site_root_url

    root = site_root_url()
    return {
        "post_page_url": root + post.topic.get_url(),
        "appeal_url": root + reverse("appeals:post", args=[post.pk]),
    }


@transaction.atomic
def hide(moderator, post, reason="", notify=False):
    """Hide a visible post (reversible). Hiding a topic's first message hides the topic.

    With `notify`, the reason is addressed to the member and emailed to them."""
    from forums import notifications
    from forums.models import ActionKind, ReportStatus

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
        notifications.queue_member_email(
            post.author,
            "A moderator hid your post",
            "forums/email/hidden.txt",
            {"post": post, "topic": post.topic, "board": post.board, "reason": reason},
        )
    return post


@transaction.atomic
def restore(moderator, post, reason=""):
    from forums.models import ActionKind

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
    from forums import posting
    from forums.models import ActionKind

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


def _topic_flag(moderator, topic, field, value, action, reason):
    from forums.models import Topic

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
    from forums.models import ActionKind

    return _topic_flag(moderator, topic, "is_locked", True, ActionKind.LOCK, reason)


@transaction.atomic
def unlock(moderator, topic, reason=""):
    from forums.models import ActionKind

    return _topic_flag(moderator, topic, "is_locked", False, ActionKind.UNLOCK, reason)


@transaction.atomic
def pin(moderator, topic, reason=""):
    from forums.models import ActionKind

    return _topic_flag(moderator, topic, "is_pinned", True, ActionKind.PIN, reason)


@transaction.atomic
def unpin(moderator, topic, reason=""):
    from forums.models import ActionKind

    return _topic_flag(moderator, topic, "is_pinned", False, ActionKind.UNPIN, reason)


@transaction.atomic
def move(moderator, topic, target_board, reason=""):
    """Move a topic and all its posts to another board (moderator of both boards, or lead)."""
    from forums.models import ActionKind, Post, Topic

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
    from forums import posting
    from forums.models import ActionKind, Post, Topic, TopicWatch

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
    from forums.models import ActionKind, Report, ReportStatus

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


def _require_member_power(moderator, member, board):
    """Board moderators act on members who posted on their board; lead moderators on anyone."""
    from forums.models import Post

    if is_lead_moderator(moderator):
        return
    require_moderator(moderator, board)
    if not Post.objects.filter(author_id=member.user_id, board=board).exists():
        raise PermissionDenied("This member has not posted on a board you moderate.")


def _locked_member(member):
    from forums.models import Member

    return Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)


@transaction.atomic
def warn(moderator, member, board, reason):
    from forums import notifications
    from forums.models import ActionKind

    member = _locked_member(member)
    _require_member_power(moderator, member, board)
    if not (reason or "").strip():
        raise ActionRefused("Write the warning: it is emailed to the member.")
    log_action(moderator, ActionKind.WARN, member, board, reason)
    notifications.queue_member_email(
        member.user,
        "A message from the moderators",
        "forums/email/warning.txt",
        {"reason": reason, "board": board},
    )
    return member


@transaction.atomic
def suspend(moderator, member, board, until, reason, now=None):
    """Suspend posting until `until` (the member can still read); they are told until when and why."""
    from forums import notifications
    from forums.models import ActionKind

    now = now or timezone.now()
    member = _locked_member(member)
    _require_member_power(moderator, member, board)
    if until <= now:
        raise ActionRefused("The suspension must end in the future.")
    if not (reason or "").strip():
        raise ActionRefused("Give a reason: the member sees it.")
    before = _member_state(member)
    member.suspended_until = until
    member.suspension_reason = reason
    member.save(update_fields=["suspended_until", "suspension_reason"])
    log_action(
        moderator, ActionKind.SUSPEND, member, board, reason, before=before, after=_member_state(member)
    )
    notifications.queue_member_email(
        member.user,
        "Your posting on the message boards is suspended",
        "forums/email/suspended.txt",
        {"reason": reason, "until": until, "until_et": eastern_time(until), "banned": False},
    )
    return member


@transaction.atomic
def ban(moderator, member, board, reason):
    from forums import notifications
    from forums.models import ActionKind

    member = _locked_member(member)
    require_lead(moderator)
    if not (reason or "").strip():
        raise ActionRefused("Give a reason: the member sees it.")
    before = _member_state(member)
    member.is_banned = True
    member.suspension_reason = reason
    member.save(update_fields=["is_banned", "suspension_reason"])
    log_action(moderator, ActionKind.BAN, member, board, reason, before=before, after=_member_state(member))
    notifications.queue_member_email(
        member.user,
        "You can no longer post on the message boards",
        "forums/email/suspended.txt",
        {"reason": reason, "until": None, "banned": True},
    )
    return member


@transaction.atomic
def lift_suspension(moderator, member, board, reason=""):
    """End a suspension (board or lead moderators) or a ban (lead moderators only)."""
    from forums.models import ActionKind

    member = _locked_member(member)
    if member.is_banned:
        require_lead(moderator)
    else:
        _require_member_power(moderator, member, board)
    if not member.is_banned and member.suspended_until is None:
        raise ActionRefused("This member is not suspended.")
    before = _member_state(member)
    member.is_banned = False
    member.suspended_until = None
    member.suspension_reason = ""
    member.save(update_fields=["is_banned", "suspended_until", "suspension_reason"])
    log_action(moderator, ActionKind.LIFT, member, board, reason, before=before, after=_member_state(member))
    return member


def _member_state(member):
    return {
        "suspended_until": member.suspended_until.isoformat() if member.suspended_until else None,
        "is_banned": member.is_banned,
        "suspension_reason": member.suspension_reason,
    }


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


# Reports -------------------------------------------------------------------------------------


class AlreadyReported(Exception):
    pass


@transaction.atomic
def report_post(reporter, post, reason, details=""):
    """File a member's report. A crisis report alerts the board's moderators straight away."""
    from django.db import IntegrityError

    from forums import crisis  # a crisis case: alert now, escalate if unacknowledged (issue 17)
    from forums.models import Report, ReportReason

    if Report.objects.filter(post=post, reporter=reporter).exists():
        raise AlreadyReported()
    try:
        with transaction.atomic():
            report = Report.objects.create(post=post, reporter=reporter, reason=reason, details=details)
    except IntegrityError as error:  # a double submit racing the check above
        raise AlreadyReported() from error
    if reason == ReportReason.CRISIS:
        crisis.open_case_for_report(report)
    return report


def moderators_of(board):
    """Active users who moderate `board`: its moderator group and the lead moderators."""
    from django.contrib.auth import get_user_model

    condition = Q(groups__name=LEAD_MODERATORS)
    if board.moderator_group_id:
        condition |= Q(groups__pk=board.moderator_group_id)
    return get_user_model().objects.filter(condition, is_active=True).distinct()
