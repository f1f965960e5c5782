"""Who may do what on the message boards: one set of plain functions, no requests.

Every view, task, command and template asks these functions (templates through context flags
or the `forum_policy` template tags), so a rule changes in one place. The rule table in
docs/moderation.md is checked against them by tests/forums/test_policy_table.py.

Actors, from least to most powerful: an anonymous visitor; a signed-in account whose primary
email is not verified (whatever the login path: allauth, Wagtail's /admin/login/, ...); a
member (verified, with a member profile); a suspended or banned member; a board's moderator;
a lead moderator (every board); a superuser. Boards are public or members-only, and may carry
Wagtail view restrictions (password, login, groups) on the board page or an ancestor.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core.dates import eastern_time
from forums import slowmode
from forums.member_models import FieldVisibility, MemberBlock
from forums.models import BoardPage, BoardVisibility, Post, Status
from forums.screening import is_new_member

LEAD_MODERATORS = "Lead moderators"
ASSIGN_MODERATORS_PERMISSION = "forums.assign_board_moderators"


def ensure_lead_moderators_group(**kwargs):
    """Create the site-wide "Lead moderators" group (post_migrate; safe to call repeatedly)."""
    return Group.objects.using(kwargs.get("using", "default")).get_or_create(name=LEAD_MODERATORS)[0]


# Who the user is -------------------------------------------------------------------------------


def _cached(user, key, compute):
    """Memoise a per-user fact on the user object (one request or one task run)."""
    store = user.__dict__.setdefault("_forum_policy", {})
    if key not in store:
        store[key] = compute()
    return store[key]


def is_signed_in(user):
    return bool(user is not None and user.is_authenticated and user.is_active)


def member_of(user):
    """The user's Member profile, or None (anonymous, or an account that never joined)."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.member
    except get_user_model().member.RelatedObjectDoesNotExist:
        return None


def has_verified_email(user):
    """A verified primary email address, whichever way the user signed in."""
    if not is_signed_in(user):
        return False
    return _cached(
        user,
        "verified",
        lambda: EmailAddress.objects.filter(user=user, primary=True, verified=True).exists(),
    )


def is_verified_account(user):
    """Signed in with a verified primary email (superusers, made by createsuperuser, count)."""
    return is_signed_in(user) and (user.is_superuser or has_verified_email(user))


def _group_info(user):
    """(group ids, is lead) for the user."""

    def compute():
        rows = list(user.groups.values_list("pk", "name"))
        return {pk for pk, _ in rows}, any(name == LEAD_MODERATORS for _, name in rows)

    return _cached(user, "groups", compute)


def prime_users(users):
    """Load the verified-email and group facts of many users in two queries (email tasks)."""
    users = [user for user in users if is_signed_in(user)]
    if not users:
        return
    ids = [user.pk for user in users]
    verified = set(
        EmailAddress.objects.filter(user_id__in=ids, primary=True, verified=True).values_list(
            "user_id", flat=True
        )
    )
    groups = {}
    for user_id, pk, name in Group.objects.filter(user__in=ids).values_list("user", "pk", "name"):
        groups.setdefault(user_id, []).append((pk, name))
    for user in users:
        store = user.__dict__.setdefault("_forum_policy", {})
        store["verified"] = user.pk in verified
        rows = groups.get(user.pk, [])
        store["groups"] = ({pk for pk, _ in rows}, any(name == LEAD_MODERATORS for _, name in rows))


def is_lead_moderator(user):
    if not is_signed_in(user):
        return False
    return user.is_superuser or _group_info(user)[1]


def is_moderator(user, board):
    """Lead moderators moderate every board; a board's moderator group only that board."""
    if not is_signed_in(user):
        return False
    if is_lead_moderator(user):
        return True
    return board.moderator_group_id is not None and board.moderator_group_id in _group_info(user)[0]


def moderated_board_ids(user):
    """IDs of the boards this user moderates (all boards for lead moderators)."""
    if not is_signed_in(user):
        return []
    if is_lead_moderator(user):
        return list(BoardPage.objects.values_list("pk", flat=True))
    groups = _group_info(user)[0]
    if not groups:
        return []
    return list(BoardPage.objects.filter(moderator_group_id__in=groups).values_list("pk", flat=True))


def is_any_moderator(user):
    return bool(moderated_board_ids(user))


def moderators_of(board):
    """Active users who moderate `board`: its moderator group and the lead moderators."""
    condition = Q(groups__name=LEAD_MODERATORS)
    if board.moderator_group_id:
        condition |= Q(groups__pk=board.moderator_group_id)
    return get_user_model().objects.filter(condition, is_active=True).distinct()


# Reading -----------------------------------------------------------------------------------


def _restriction_rows(page_paths):
    """The view restrictions on any of these pages or their ancestors, groups prefetched."""
    ancestor_paths = {path[:end] for path in page_paths for end in range(4, len(path) + 1, 4)}
    return list(
        PageViewRestriction.objects.filter(page__path__in=ancestor_paths)
        .select_related("page")
        .prefetch_related("groups")
    )


def view_restrictions(board):
    """Wagtail view restrictions that apply to the board page (its own and its ancestors')."""
    cached = board.__dict__.get("_forum_restrictions")
    if cached is None:
        cached = _restriction_rows([board.path])
        board._forum_restrictions = cached
    return cached


def passes_view_restrictions(user, restrictions):
    """Whether the user gets past these restrictions without a request: a login restriction
    needs a verified account, a groups one membership of a group (superusers pass, as in
    Wagtail); a password is only ever given to a page view, so listings, search, profiles,
    feeds and emails treat password-protected boards as closed."""
    for restriction in restrictions:
        kind = restriction.restriction_type
        if kind == PageViewRestriction.PASSWORD:
            return False
        if kind == PageViewRestriction.LOGIN and not is_verified_account(user):
            return False
        if kind == PageViewRestriction.GROUPS:
            if not is_verified_account(user):
                return False
            if not user.is_superuser:
                allowed = {group.pk for group in restriction.groups.all()}
                if not allowed & _group_info(user)[0]:
                    return False
    return True


def can_read_board(user, board, page_view_checked=False):
    """Read a board's topics and posts.

    `page_view_checked`: Wagtail's page serving already applied the board page's view
    restrictions to this request (a password typed in this session counts); the board's own
    visibility still applies. Everywhere else (listings, search, profiles, emails) the
    restrictions are applied here, without a request."""
    let_in = page_view_checked or passes_view_restrictions(user, view_restrictions(board))
    if let_in and (board.visibility == BoardVisibility.PUBLIC or is_verified_account(user)):
        return True
    return is_moderator(user, board)  # moderators read the boards they moderate, whatever else


def readable_board_ids(user):
    """IDs of the live boards this user may read (site search, profiles, listings, emails)."""
    boards = list(BoardPage.objects.live().only("pk", "path", "visibility", "moderator_group_id"))
    restrictions = _restriction_rows([board.path for board in boards])
    readable = []
    for board in boards:
        board._forum_restrictions = [r for r in restrictions if board.path.startswith(r.page.path)]
        if can_read_board(user, board):
            readable.append(board.pk)
    return readable


def is_listed_to(user, board):
    """Whether a board appears in site search and sitemap.xml for this user (the boards index
    lists members-only boards with a label; search and the sitemap only what the user reads)."""
    return can_read_board(user, board)


def visible_posts_filter(user, board):
    """Q for the posts of a topic this user sees: visible ones, plus their own held ones."""
    if is_moderator(user, board):
        return Q(status__in=[Status.VISIBLE, Status.HELD, Status.HIDDEN])
    condition = Q(status=Status.VISIBLE)
    if user is not None and user.is_authenticated:
        condition |= Q(status=Status.HELD, author=user)
    return condition


# Posting, editing, deleting -----------------------------------------------------------------


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


def posting_refusal(user, board, topic=None, now=None):
    """Why the user may not post on `board` (in `topic`) now, or "" when they may."""
    member = member_of(user)
    if member is None or not is_signed_in(user):
        return "Create your member profile before posting."
    suspended = suspension_message(member, now)
    if suspended:
        return suspended
    if not is_verified_account(user):
        return "Confirm your email address before posting: check your inbox for our link."
    if topic is not None and topic.is_locked:
        return "This topic is locked: it takes no new replies."
    if is_moderator(user, board):  # moderators are exempt from slow mode and timed close
        return ""
    return slowmode.refusal(user, board, topic, now)


def check_can_post(user, board, topic=None, now=None):
    """Raise PostingRefused with a human reason, or return the member."""
    refusal = posting_refusal(user, board, topic, now)
    if refusal:
        raise PostingRefused(refusal)
    return member_of(user)


def can_post(user, board, topic=None, now=None, page_view_checked=False):
    return can_read_board(user, board, page_view_checked) and not posting_refusal(user, board, topic, now)


def edit_refusal(user, post, now=None):
    """Why the user may not edit `post` now, or "". An edit passes the gates of a new post."""
    if not (
        is_signed_in(user) and post.author_id == user.pk and post.status in (Status.VISIBLE, Status.HELD)
    ):
        return "You can only edit your own posts."
    return posting_refusal(user, post.board, post.topic, now)


def can_edit_post(user, post, now=None, page_view_checked=False):
    return can_read_board(user, post.board, page_view_checked) and not edit_refusal(user, post, now)


def can_delete_post(user, post, page_view_checked=False):
    """Authors may always take their own words down (suspended, banned or in a locked topic)."""
    return (
        is_verified_account(user)
        and post.author_id == user.pk
        and post.status in (Status.VISIBLE, Status.HELD)
        and can_read_board(user, post.board, page_view_checked)
    )


def can_see_history(user, post):
    return is_signed_in(user) and (post.author_id == user.pk or is_moderator(user, post.board))


# Watching, reporting, exporting ---------------------------------------------------------------


def can_watch(user, board, page_view_checked=False):
    """Watching sends email, so it needs a verified address and a member profile."""
    return (
        is_verified_account(user)
        and member_of(user) is not None
        and can_read_board(user, board, page_view_checked)
    )


def report_refusal(user, post):
    """Why the user may not report `post`, or "". Crisis reports email every moderator, so
    banned members and unverified accounts cannot file them."""
    member = member_of(user)
    if member is None or not is_verified_account(user):
        return "Confirm your email address and join the message boards to report a post."
    if member.is_banned:
        return "Your account can no longer report posts."
    if post.author_id == user.pk:
        return "You cannot report your own post. You can edit or delete it instead."
    return ""


def can_report(user, post, page_view_checked=False):
    return can_read_board(user, post.board, page_view_checked) and not report_refusal(user, post)


def can_export(user):
    """A copy of one's own data is a right, not a board power: any signed-in account."""
    return is_signed_in(user)


# Moderating ---------------------------------------------------------------------------------


def can_moderate(user, board):
    return is_moderator(user, board)


def require_moderator(user, board):
    if not is_moderator(user, board):
        raise PermissionDenied("You do not moderate this board.")


def require_lead(user):
    if not is_lead_moderator(user):
        raise PermissionDenied("Only lead moderators can do this.")


def member_action_refusal(actor, member, board):
    """Why `actor` may not warn, suspend or lift the suspension of `member` on `board`, or "".

    Board moderators act on members who posted on their board; only lead moderators act on
    moderators (of any board, lead ones included); nobody acts on a superuser or themselves."""
    if not is_moderator(actor, board):
        return "You do not moderate this board."
    target = member.user
    if target.pk == actor.pk:
        return "You cannot act on your own account."
    if target.is_superuser:
        return "Nobody can act on a superuser's account."
    if is_lead_moderator(actor):
        return ""
    if is_any_moderator(target):
        return "Only lead moderators can act on moderators."
    if not Post.objects.filter(author_id=target.pk, board=board).exists():
        return "This member has not posted on a board you moderate."
    return ""


def can_act_on_member(actor, member, board):
    return not member_action_refusal(actor, member, board)


def require_member_power(actor, member, board):
    refusal = member_action_refusal(actor, member, board)
    if refusal:
        raise PermissionDenied(refusal)


def can_assign_moderator_group(user):
    """Pointing a board's moderator_group at a group: lead moderators and superusers only."""
    return is_signed_in(user) and (user.is_superuser or user.has_perm(ASSIGN_MODERATORS_PERMISSION))


# Moderator tools: crisis cases, appeals, dashboards, member history, split --------------------


def may_handle_crisis(user, case):
    """Acknowledge, reach out, close: the board's moderators and the lead moderators."""
    return is_moderator(user, case.board)


def may_see_crisis_dashboard(user):
    return is_lead_moderator(user)


def may_decide_appeals(user):
    return is_lead_moderator(user)


def may_see_moderator_dashboard(user):
    return bool(moderated_board_ids(user))


def may_see_member(user, member):
    """Member history and notes: lead moderators for anyone, board moderators for members who
    posted on one of their boards."""
    if is_lead_moderator(user):
        return True
    board_ids = moderated_board_ids(user)
    if not board_ids:
        return False
    return Post.objects.filter(author_id=member.user_id, board_id__in=board_ids).exists()


def require_member_access(user, member):
    if not may_see_member(user, member):
        raise PermissionDenied("This member has not posted on a board you moderate.")


def may_split(user, topic):
    return is_moderator(user, topic.board)


def may_appeal_post(user, post):
    """The author of a rejected post may appeal it (once: a unique constraint holds the rest)."""
    return bool(is_signed_in(user) and post.author_id == user.pk and post.status == Status.REMOVED)


def may_appeal_suspension(member, now=None):
    return member is not None and member.is_suspended(now)


# Member features: private messages, blocks, message reports, reactions, bookmarks, mentions,
# profile fields ------------------------------------------------------------------------------

MAX_RECIPIENTS = 5


class MessagingRefused(Exception):
    """Why a message cannot be sent; the text is shown to the sender."""


def is_blocked_between(user_a, user_b):
    """True when either member blocked the other."""
    return (
        MemberBlock.objects.filter(blocker=user_a, blocked=user_b).exists()
        or MemberBlock.objects.filter(blocker=user_b, blocked=user_a).exists()
    )


def allows_messages(member):
    preferences = getattr(member, "preferences", None) if member else None
    return preferences.allow_messages if preferences is not None else True


def check_can_send_messages(user, now=None):
    """The sender's own state: a member with a confirmed address who is not suspended."""
    member = member_of(user)
    if member is None:
        raise MessagingRefused("Join the message boards before sending messages.")
    if not has_verified_email(user):
        raise MessagingRefused("Confirm your email address before sending messages.")
    message = suspension_message(member, now)
    if message:
        raise MessagingRefused(message)
    if not allows_messages(member):
        raise MessagingRefused(
            "You have turned private messages off. Turn them on in your profile to send messages."
        )
    return member


def check_can_message(sender, recipient, now=None):
    """Raise MessagingRefused unless `sender` may message `recipient` (both users)."""
    member = check_can_send_messages(sender, now)
    other = member_of(recipient)
    if other is None or not recipient.is_active or recipient.pk == sender.pk:
        raise MessagingRefused("You can only message other members.")
    # Say the same whether they turned messages off or blocked the sender: blocks are not told.
    unavailable = f"{other.display_name} is not taking private messages."
    if not allows_messages(other) or is_blocked_between(sender, recipient):
        raise MessagingRefused(unavailable)
    new_member_to_member = is_new_member(member, now) and not is_any_moderator(recipient)
    if new_member_to_member and not is_any_moderator(sender):
        raise MessagingRefused(
            "New members can message moderators only, for their first days on the boards. "
            "You can still reply on the boards."
        )


def check_can_start_conversation(sender, recipients, now=None):
    if not recipients:
        raise MessagingRefused("Choose at least one member to message.")
    if len(recipients) > MAX_RECIPIENTS:
        raise MessagingRefused(f"A conversation can include up to {MAX_RECIPIENTS} other members.")
    for recipient in recipients:
        check_can_message(sender, recipient, now)


def check_can_reply(user, conversation, now=None):
    """Replying needs an active place in the conversation and no block with anyone still in it."""
    check_can_send_messages(user, now)
    others = [p.user for p in conversation.participants.all() if p.left_at is None and p.user_id != user.pk]
    if not any(p.user_id == user.pk and p.left_at is None for p in conversation.participants.all()):
        raise MessagingRefused("You are not in this conversation.")
    if not others:
        raise MessagingRefused("Everyone else has left this conversation.")
    for other in others:
        if is_blocked_between(user, other) or not allows_messages(member_of(other)):
            raise MessagingRefused("Someone in this conversation is not taking private messages.")


def may_read_conversation(user, conversation):
    """Only the people still in it. Moderators read one only through a report (may_review_message_reports)."""
    if not (user and user.is_authenticated):
        return False
    return conversation.participants.filter(user=user, left_at__isnull=True).exists()


def may_report_message(user, message):
    return (
        message.author_id is not None
        and message.author_id != user.pk
        and message.conversation.participants.filter(user=user).exists()
    )


def may_review_message_reports(user):
    """Private messages are not board content: only lead moderators review their reports."""
    return is_lead_moderator(user)


def may_block(user, other_member):
    return (
        member_of(user) is not None
        and other_member.user_id != user.pk
        and not is_any_moderator(other_member.user)
    )


def may_react(user, post):
    return bool(
        member_of(user) is not None
        and post.author_id != user.pk
        and post.status == Status.VISIBLE
        and can_read_board(user, post.board)
    )


def may_bookmark(user, post):
    return bool(
        member_of(user) is not None and post.status == Status.VISIBLE and can_read_board(user, post.board)
    )


def may_be_notified_of(user, post):
    """A mention, reply or digest only reaches a member who may read the post now."""
    return bool(
        user.is_active
        and post.status == Status.VISIBLE
        and post.topic.status == Status.VISIBLE
        and can_read_board(user, post.board)
    )


def may_see_field(viewer, owner_member, visibility):
    if viewer is not None and viewer.is_authenticated and viewer.pk == owner_member.user_id:
        return True
    if visibility == FieldVisibility.EVERYONE:
        return True
    if visibility == FieldVisibility.MEMBERS:
        return member_of(viewer) is not None
    return False
