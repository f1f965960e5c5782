"""Front-end moderation pages: the queue, one post's moderation page, the actions and the log.

Views stay thin: each action parses a form and calls the domain function in
forums.actions, which checks the moderator's powers with forums.policy (PermissionDenied →
403) and writes the audit row in the same transaction.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.cache import shells
from core.pagination import paginate, requested_page
from forums import actions, policy, queue_cards, queue_history, review_queue
from forums.forms import (
    BulkForm,
    LogFilterForm,
    MergeForm,
    ModerationForm,
    ModeratorEditForm,
    MoveForm,
    ReasonRequiredForm,
    SuspendForm,
)
from forums.forms_modtools import HideForm
from forums.message_reports import message_report_queue
from forums.models import BoardPage, CannedResponse, ModerationAction, Post, Report, Topic
from forums.view_helpers import (
    check_id,
    error_page,
    forbidden,
    moderator_post_view,
    moderator_topic_view,
    post_only,
)

QUEUE_PER_PAGE = 20
LOG_PER_PAGE = 50


def _moderator_boards(request):
    """(board ids, None) for a moderator, or (None, response) to send instead."""
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    ids = policy.moderated_board_ids(request.user)
    # A lead moderator moderates every board, even before the first exists (and handles
    # private messages' reports, which belong to no board): an empty queue, not a 403.
    if not ids and not policy.is_lead_moderator(request.user):
        return None, forbidden(request, _("Only message-board moderators can see this page."))
    return ids, None


def _next_url(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _history_boards(user, board_ids):
    """The boards an author's moderation history comes from: the moderator's; a lead's: all (None)."""
    return None if policy.is_lead_moderator(user) else board_ids


def _canned():
    return list(CannedResponse.objects.all())


# Queue ---------------------------------------------------------------------------------------


def queue_view(request):
    lead = policy.is_lead_moderator(request.user)
    board_ids, refusal = (None, None) if lead else _moderator_boards(request)  # lead: every board
    if refusal:
        return refusal
    counts, keys = review_queue.queue_page(board_ids, requested_page(request.GET.get("page")), QUEUE_PER_PAGE)
    page_obj, elided = paginate(request, keys, QUEUE_PER_PAGE, on_each_side=2, on_ends=1)
    rows = review_queue.page_posts(page_obj.object_list)  # one page's keys read with the counts
    rows = queue_history.decorate(rows, _history_boards(request.user, board_ids))
    canned = _canned()
    # Each card rendered for this request, never stored: a held post is in no cached fragment.
    page_obj.object_list = queue_cards.attach_cards(request, rows, canned)
    # The page around the cards (chrome, counts, pagination, bulk form) kept under what it shows.
    shown = (lead, *counts.values(), page_obj.number, bool(rows), *((c.pk, c.title, c.text) for c in canned))
    return shells.render_kept(
        request,
        "forums/moderation/queue.html",
        {
            "page_obj": page_obj,
            "elided_range": elided,
            "held_count": counts["held"],
            "report_count": counts["open_reports"],
            "crisis_count": counts["crisis_reports"],
            "canned": canned,
            "cards_html": mark_safe("".join(post.card_html for post in rows)),  # noqa: S308 (our template's)
            "is_lead": lead,
            "message_reports": message_report_queue(request.user),
        },
        "moderation-queue",
        shown,
    )


# One post ------------------------------------------------------------------------------------


@moderator_post_view()
def post_view(request, post):
    around = Post.objects.filter(topic=post.topic_id).exclude(pk=post.pk).select_related("author__member")
    before = list(around.filter(created_at__lte=post.created_at).order_by("-created_at", "-pk")[:2])[::-1]
    after = list(around.filter(created_at__gt=post.created_at).order_by("created_at", "pk")[:2])
    reports = post.reports.select_related("reporter__member", "closed_by__member").order_by(
        "status", "created_at"
    )
    user = request.user
    history = queue_history.author_history(
        [post.author_id], _history_boards(user, policy.moderated_board_ids(user))
    ).get(post.author_id)
    post.pending_diff = queue_history.edit_diff(post.body, post.pending_body) if post.pending_at else []
    target_boards = BoardPage.objects.filter(pk__in=policy.moderated_board_ids(user)).exclude(
        pk=post.board_id
    )
    return render(
        request,
        "forums/moderation/post.html",
        {
            "post": post,
            "topic": post.topic,
            "board": post.board,
            "before": before,
            "after": after,
            "reports": reports,
            "history": history,
            "member": getattr(post.author, "member", None) if post.author_id else None,
            "canned": _canned(),
            "reason_form": ModerationForm(),
            "move_form": MoveForm(boards=target_boards),
            "merge_form": MergeForm(),
            "suspend_form": SuspendForm(),
            "is_lead": policy.is_lead_moderator(user),
            "member_refusal": policy.member_action_refusal(user, post.author.member, post.board)
            if getattr(post.author, "member", None)
            else "",
            "now": timezone.now(),
        },
    )


@moderator_post_view()
def post_edit(request, post):
    form = ModeratorEditForm(request.POST or None, initial={"message": post.body})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.edit(request.user, post, form.cleaned_data["message"], form.cleaned_data["reason"])
            except actions.ActionRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The post is edited; its earlier text is kept in its history."))
                return redirect("moderation:post", post.pk)
        status = 400
    return render(
        request,
        "forums/moderation/edit.html",
        {"post": post, "form": form, "canned": _canned()},
        status=status,
    )


# Actions -------------------------------------------------------------------------------------

POST_ACTIONS = {
    # name: (form class, domain function, success message)
    "approve": (ModerationForm, actions.approve, gettext_lazy("Post approved: it is now visible.")),
    "reject": (
        ReasonRequiredForm,
        actions.reject,
        gettext_lazy("Post rejected; the author was emailed the reason."),
    ),
    "hide": (HideForm, actions.hide, gettext_lazy("Post hidden.")),
    "restore": (ModerationForm, actions.restore, gettext_lazy("Post restored.")),
    "approve_edit": (ModerationForm, actions.approve_edit, gettext_lazy("Edit published.")),
    "reject_edit": (
        ReasonRequiredForm,
        actions.reject_edit,
        gettext_lazy("Edit rejected; the author was emailed the reason."),
    ),
}
TOPIC_ACTIONS = {
    "lock": (actions.lock, gettext_lazy("Topic locked.")),
    "unlock": (actions.unlock, gettext_lazy("Topic unlocked.")),
    "pin": (actions.pin, gettext_lazy("Topic pinned.")),
    "unpin": (actions.unpin, gettext_lazy("Topic unpinned.")),
}
MEMBER_ACTIONS = {"warn", "suspend", "ban", "lift"}


DONE = gettext_lazy("Done.")


def _run(request, func, *args, success=DONE, default_next=None):
    try:
        func(request.user, *args)
    except PermissionDenied as error:
        return forbidden(request, str(error))
    except actions.ActionRefused as error:
        return error_page(request, str(error), status=409)
    messages.success(request, success)
    return redirect(_next_url(request, default_next or reverse("moderation:queue")))


@moderator_post_view(action=True, actions=POST_ACTIONS)
def post_action(request, post, action):
    form_class, func, success = POST_ACTIONS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        return error_page(request, form)
    extra = [form.cleaned_data["email_member"]] if "email_member" in form.cleaned_data else []
    return _run(request, func, post, form.cleaned_data["reason"], *extra, success=success)


@moderator_topic_view(action=True, actions={*TOPIC_ACTIONS, "move", "merge"})
def topic_action(request, topic, action):
    back = topic.get_url(request)
    if action in TOPIC_ACTIONS:
        form = ModerationForm(request.POST)
        if not form.is_valid():
            return error_page(request, form)
        func, success = TOPIC_ACTIONS[action]
        return _run(request, func, topic, form.cleaned_data["reason"], success=success, default_next=back)
    if action == "move":
        form = MoveForm(request.POST, boards=BoardPage.objects.all())
        if not form.is_valid():
            return error_page(request, form)
        target = form.cleaned_data["target_board"]
        return _run(
            request,
            actions.move,
            topic,
            target,
            form.cleaned_data["reason"],
            success=_("Topic moved to %(board)s.") % {"board": target.title},
            default_next=target.url + target.reverse_subpage("topic", args=[topic.pk]),
        )
    form = MergeForm(request.POST)
    if not form.is_valid():
        return error_page(request, form)
    target = Topic.objects.select_related("board").filter(pk=form.cleaned_data["target_topic"]).first()
    if target is None:
        return error_page(request, _("There is no topic with that number."), status=404)
    return _run(
        request,
        actions.merge,
        topic,
        target,
        form.cleaned_data["reason"],
        success=_("Topics merged: every post is now in one topic."),
        default_next=target.get_url(request),
    )


@moderator_post_view(action=True, actions=MEMBER_ACTIONS)
def member_action(request, post, action):
    """Warn, suspend, ban or lift the suspension of a post's author (the post gives the board)."""
    member = getattr(post.author, "member", None) if post.author_id else None
    if member is None:
        return error_page(request, _("This post's author no longer has an account."), status=409)
    default_next = reverse("moderation:post", args=[post.pk])
    if action == "suspend":
        form = SuspendForm(request.POST)
        if not form.is_valid():
            return error_page(request, form)
        until = timezone.now() + dt.timedelta(days=form.cleaned_data["days"])
        return _run(
            request,
            actions.suspend,
            member,
            post.board,
            until,
            form.cleaned_data["reason"],
            success=_("%(name)s cannot post until %(date)s.")
            % {"name": member.display_name, "date": date_format(timezone.localtime(until), "F j, Y")},
            default_next=default_next,
        )
    form = (ReasonRequiredForm if action in ("warn", "ban") else ModerationForm)(request.POST)
    if not form.is_valid():
        return error_page(request, form)
    func, success = {
        "warn": (actions.warn, _("Warning emailed to %(name)s.") % {"name": member.display_name}),
        "ban": (actions.ban, _("%(name)s is banned from posting.") % {"name": member.display_name}),
        "lift": (actions.lift_suspension, _("%(name)s can post again.") % {"name": member.display_name}),
    }[action]
    return _run(
        request,
        func,
        member,
        post.board,
        form.cleaned_data["reason"],
        success=success,
        default_next=default_next,
    )


def dismiss_report(request, report_id):
    refusal = post_only(request)
    if refusal:
        return refusal
    check_id(report_id)
    report = Report.objects.select_related("post__board").filter(pk=report_id).first()
    if report is None:
        raise Http404("No such report")
    form = ModerationForm(request.POST)
    if not form.is_valid():
        return error_page(request, form)
    return _run(
        request, actions.dismiss_report, report, form.cleaned_data["reason"], success=_("Report dismissed.")
    )


def bulk_action(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    board_ids, refusal = _moderator_boards(request)
    if refusal:
        return refusal
    form = BulkForm(request.POST)
    if not form.is_valid():
        return error_page(request, form)
    ids = form.cleaned_data["posts"]
    posts = list(Post.objects.select_related("board").filter(pk__in=ids))
    if len(posts) != len(set(ids)):
        return error_page(
            request, _("Some of the selected posts no longer exist. Reload the queue."), status=409
        )
    action = form.cleaned_data["action"]
    try:
        done = actions.bulk(request.user, action, posts, form.cleaned_data["reason"])
    except PermissionDenied as error:
        return forbidden(request, str(error))
    except actions.ActionRefused as error:
        return error_page(
            request, _("Nothing was changed: %(error)s Reload the queue.") % {"error": error}, status=409
        )
    if action == "approve":
        done_text = ngettext("%(count)d post approved.", "%(count)d posts approved.", len(done))
    else:
        done_text = ngettext("%(count)d post rejected.", "%(count)d posts rejected.", len(done))
    messages.success(request, done_text % {"count": len(done)})
    return redirect(_next_url(request, reverse("moderation:queue")))


# Log -----------------------------------------------------------------------------------------


def log_view(request):
    board_ids, refusal = _moderator_boards(request)
    if refusal:
        return refusal
    boards = list(BoardPage.objects.filter(pk__in=board_ids).order_by("title"))
    form = LogFilterForm(request.GET or None, boards=boards)
    rows = ModerationAction.objects.filter(board_id__in=board_ids)
    if policy.is_lead_moderator(request.user):
        rows = ModerationAction.objects.filter(Q(board_id__in=board_ids) | Q(board__isnull=True))
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            if data["board"]:
                rows = rows.filter(board_id=int(data["board"]))
            if data["action"]:
                rows = rows.filter(action=data["action"])
            if data["member"].strip():
                rows = rows.filter(member_name__iexact=data["member"].strip())
            if data["moderator"].strip():
                rows = rows.filter(moderator_name__iexact=data["moderator"].strip())
        else:
            rows = rows.none()
            status = 400
    rows = rows.select_related("board").order_by("-created_at", "-pk")
    page_obj, elided = paginate(request, rows, LOG_PER_PAGE, on_each_side=2, on_ends=1)
    return render(
        request,
        "forums/moderation/log.html",
        {"form": form, "page_obj": page_obj, "elided_range": elided},
        status=status,
    )
