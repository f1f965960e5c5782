"""Moderation actions on a member: warn, suspend, ban and lift a suspension or ban.

Each checks the acting user's powers with forums.policy (PermissionDenied otherwise), changes
the member under a row lock and writes its ModerationAction row in one transaction; the
member is emailed what happened and why.
"""

from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import eastern_time
from forums.audit import ActionRefused, log_action, queue_member_email
from forums.models import ActionKind, Member
from forums.policy import require_lead, require_member_power


def _locked_member(member):

    return Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)


@transaction.atomic
def warn(moderator, member, board, reason):

    member = _locked_member(member)
    require_member_power(moderator, member, board)
    if not (reason or "").strip():
        raise ActionRefused("Write the warning: it is emailed to the member.")
    log_action(moderator, ActionKind.WARN, member, board, reason)
    queue_member_email(
        member.user,
        _("A message from the moderators"),
        "forums/email/warning.txt",
        {"reason": reason, "board": board},
    )
    return member


@transaction.atomic
def suspend(moderator, member, board, until, reason, now=None):
    """Suspend posting until `until` (the member can still read); they are told until when and why."""

    now = now or timezone.now()
    member = _locked_member(member)
    require_member_power(moderator, member, board)
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
    queue_member_email(
        member.user,
        _("Your posting on the message boards is suspended"),
        "forums/email/suspended.txt",
        # until_et is a callable: the template resolves it in the member's language.
        {"reason": reason, "until": until, "until_et": partial(eastern_time, until), "banned": False},
    )
    return member


@transaction.atomic
def ban(moderator, member, board, reason):

    member = _locked_member(member)
    require_lead(moderator)
    require_member_power(moderator, member, board)
    if not (reason or "").strip():
        raise ActionRefused("Give a reason: the member sees it.")
    before = _member_state(member)
    member.is_banned = True
    member.suspension_reason = reason
    member.save(update_fields=["is_banned", "suspension_reason"])
    log_action(moderator, ActionKind.BAN, member, board, reason, before=before, after=_member_state(member))
    queue_member_email(
        member.user,
        _("You can no longer post on the message boards"),
        "forums/email/suspended.txt",
        {"reason": reason, "until": None, "banned": True},
    )
    return member


@transaction.atomic
def lift_suspension(moderator, member, board, reason=""):
    """End a suspension (board or lead moderators) or a ban (lead moderators only)."""

    member = _locked_member(member)
    if member.is_banned:
        require_lead(moderator)
    require_member_power(moderator, member, board)
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
