"""Appeals, moderator notes on members, and the member history moderators see.

A member whose post was rejected, or who is suspended or banned, may appeal once (per post, or
per suspension), with text. Appeals wait for a lead moderator, who keeps or reverses the
decision; the outcome is emailed to the member and logged.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums import actions, audit, policy
from forums.models import ActionKind, ModerationAction, Post, Report, Status
from forums.modtools_models import Appeal, AppealKind, AppealStatus, MemberNote

MAX_APPEAL_LENGTH = 3000


class AlreadyAppealed(Exception):
    pass


def _check_text(text):
    if not (text or "").strip():
        raise audit.ActionRefused(_("Tell the lead moderators why the decision should change."))
    if len(text) > MAX_APPEAL_LENGTH:
        raise audit.ActionRefused(
            _("Keep it under %(limit)s characters.") % {"limit": f"{MAX_APPEAL_LENGTH:,}"}
        )


def _create(**fields):
    try:
        with transaction.atomic():
            return Appeal.objects.create(**fields)
    except IntegrityError as error:
        raise AlreadyAppealed() from error


def appeal_post(user, post, text):
    if not policy.may_appeal_post(user, post):
        raise audit.ActionRefused(_("Only the author of a post that was not published can appeal it."))
    _check_text(text)
    if Appeal.objects.filter(member__user=user, post=post).exists():
        raise AlreadyAppealed()
    return _create(member=user.member, kind=AppealKind.REJECTION, post=post, text=text)


def suspension_action(member):
    """The log row of the member's current suspension or ban (what an appeal is about), or None."""
    return (
        ModerationAction.objects.filter(
            member_id=member.user_id, action__in=[ActionKind.SUSPEND, ActionKind.BAN]
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def appeal_suspension(member, text, now=None):
    if not policy.may_appeal_suspension(member, now):
        raise audit.ActionRefused(_("You are not suspended."))
    _check_text(text)
    action = suspension_action(member)
    if action is None:
        raise audit.ActionRefused(_("We could not find the decision to appeal. Contact the moderators."))
    if Appeal.objects.filter(member=member, action=action).exists():
        raise AlreadyAppealed()
    return _create(member=member, kind=AppealKind.SUSPENSION, action=action, text=text)


def open_appeals():
    return Appeal.objects.filter(status=AppealStatus.OPEN).select_related(
        "member__user", "post__topic", "post__board"
    )


@transaction.atomic
def decide(lead, appeal, grant, response):
    """Keep (grant=False) or reverse (grant=True) the decision; email the member; log it."""
    policy.require_lead(lead)
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("member__user", "post__board", "post__topic")
        .get(pk=appeal.pk)
    )
    if appeal.status != AppealStatus.OPEN:
        raise audit.ActionRefused(_("This appeal is already decided."))
    if not (response or "").strip():
        raise audit.ActionRefused(_("Write your answer: it is emailed to the member."))
    board = appeal.post.board if appeal.post_id else None
    if grant:
        if appeal.kind == AppealKind.REJECTION:
            actions.restore(lead, appeal.post, f"Appeal {appeal.pk} granted: {response}")
        elif appeal.member.is_banned or appeal.member.suspended_until:
            actions.lift_suspension(lead, appeal.member, board, f"Appeal {appeal.pk} granted: {response}")
    appeal.status = AppealStatus.GRANTED if grant else AppealStatus.UPHELD
    appeal.decided_at = timezone.now()
    appeal.decided_by = lead
    appeal.response = response
    appeal.save(update_fields=["status", "decided_at", "decided_by", "response"])
    audit.log_action(
        lead,
        ActionKind.APPEAL,
        appeal.member,
        board,
        response,
        before={"appeal": appeal.pk, "kind": appeal.kind, "text": appeal.text},
        after={"status": appeal.status},
    )
    audit.queue_member_email(
        appeal.member.user,
        _("Your appeal: the lead moderators' answer"),
        "forums/email/appeal_decided.txt",
        {"appeal": appeal, "granted": grant, "response": response},
    )
    return appeal


# Moderator notes and member history ----------------------------------------------------------


@transaction.atomic
def add_note(moderator, member, text):
    policy.require_member_access(moderator, member)
    if not (text or "").strip():
        raise audit.ActionRefused(_("Write the note."))
    note = MemberNote.objects.create(
        member=member, author=moderator, author_name=audit.actor_name(moderator), text=text
    )
    board_ids = policy.moderated_board_ids(moderator)
    board = (
        Post.objects.filter(author_id=member.user_id, board_id__in=board_ids).select_related("board").first()
    )
    audit.log_action(moderator, ActionKind.MEMBER_NOTE, member, board.board if board else None, text)
    return note


def history(moderator, member, limit=20):
    """What a moderator sees about a member, limited to the moderator's boards (leads: all).

    A fixed number of queries whatever the member's history."""
    policy.require_member_access(moderator, member)
    board_ids = policy.moderated_board_ids(moderator)
    lead = policy.is_lead_moderator(moderator)
    posts = Post.objects.filter(author_id=member.user_id, board_id__in=board_ids)
    counts = posts.aggregate(
        total=Count("pk"),
        visible=Count("pk", filter=Q(status=Status.VISIBLE)),
        held=Count("pk", filter=Q(status=Status.HELD)),
        hidden=Count("pk", filter=Q(status__in=[Status.HIDDEN, Status.REMOVED])),
    )
    actions = ModerationAction.objects.filter(member_id=member.user_id)
    if not lead:
        actions = actions.filter(board_id__in=board_ids)
    return {
        "member": member,
        "counts": counts,
        "posts": list(posts.select_related("topic", "board").order_by("-created_at")[:limit]),
        "reports_against": list(
            Report.objects.filter(post__author_id=member.user_id, post__board_id__in=board_ids)
            .select_related("post__topic")
            .order_by("-created_at")[:limit]
        ),
        "reports_by": list(
            Report.objects.filter(reporter_id=member.user_id, post__board_id__in=board_ids)
            .select_related("post__topic")
            .order_by("-created_at")[:limit]
        ),
        "actions": list(actions.select_related("board").order_by("-created_at", "-pk")[:limit]),
        "notes": list(MemberNote.objects.filter(member=member)[:limit]),
        "appeals": list(Appeal.objects.filter(member=member).order_by("-created_at")[:limit]),
        "suspension": policy.suspension_message(member),
    }
