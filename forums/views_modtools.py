"""Views of the moderator tools (issue 17): crisis cases and "Reach out", topic tools (slow mode,
timed close, notes, split), member history and notes, appeals, the moderator dashboard, the
moderator's guide, and the hooks the board views call (blocked words, moved and rejected topics).

Thin: parse a form, ask forums.policy, call the domain function, render. This module
does not import forums.views (which imports it).
"""

import csv

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from core.pagination import paginate
from forums import appeals, audit, crisis, dashboard, policy, slowmode, topic_actions, watched_words
from forums.forms_modtools import (
    AppealDecisionForm,
    AppealForm,
    CloseAtForm,
    CrisisDashboardForm,
    DashboardForm,
    MessageToMemberForm,
    NoteForm,
    OutcomeForm,
    SlowModeForm,
    SplitForm,
)
from forums.models import ActionKind, BoardPage, Member, ModerationAction, Post, Status, Topic
from forums.modtools_models import Appeal, AppealStatus, CrisisCase, TopicNote

MAX_ID = 2**63 - 1
SPLIT_PER_PAGE = 50
APPEALS_PER_PAGE = 20


def _check_id(value):
    if not 0 < value <= MAX_ID:
        raise Http404("No such item")
    return value


def _forbidden(request, message="You do not moderate this board."):
    return render(request, "forums/moderation/forbidden.html", {"message": message}, status=403)


def _error(request, form_or_message, status=400):
    message = form_or_message if isinstance(form_or_message, str) else None
    form = None if message else form_or_message
    return render(
        request, "forums/moderation/action_error.html", {"form": form, "error": message}, status=status
    )


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("moderation:queue"))
    return None


# Hooks called from forums/views.py ------------------------------------------------------------


def blocked_refusal(form, board):
    """400 (with the error on the message field, the text kept) when it uses a "block" word."""
    data = form.cleaned_data
    text = f"{data.get('title') or ''}\n{data.get('message') or ''}"
    words = watched_words.blocked_words(text, board)
    if not words:
        return None
    form.add_error("message", watched_words.block_message(words))
    return 400


def missing_topic(request, board, topic_id):
    """A moved topic's old address redirects for good; a rejected topic shows its author a kind
    page with their text and the way to appeal; anything else is a 404."""
    moved = ModerationAction.objects.filter(
        action=ActionKind.MOVE, target_type="topic", target_id=topic_id, board=board
    ).exists()
    topic = Topic.objects.select_related("board").filter(pk=topic_id).first()
    if topic is None:
        raise Http404("No such topic")
    visible_there = topic.status == Status.VISIBLE or policy.is_moderator(request.user, topic.board)
    if moved and topic.board_id != board.pk and visible_there:
        return HttpResponsePermanentRedirect(topic.get_url(request))
    if (
        topic.board_id == board.pk
        and topic.status == Status.REMOVED
        and request.user.is_authenticated
        and topic.author_id == request.user.pk
    ):
        post = Post.objects.filter(topic=topic, is_first=True, author=request.user).first()
        if post is not None and post.status == Status.REMOVED:
            return render(
                request, "forums/modtools/rejected_topic.html", _rejected_context(board, topic, post)
            )
    raise Http404("No such topic")


def _rejected_context(board, topic, post):
    decision = (
        ModerationAction.objects.filter(action=ActionKind.REJECT, target_type="post", target_id=post.pk)
        .order_by("-created_at")
        .first()
    )
    appeal = Appeal.objects.filter(post=post).first()
    return {
        "page": board,
        "self": board,
        "topic": topic,
        "post": post,
        "decision": decision,
        "appeal": appeal,
    }


with_tool_state = slowmode.with_tool_state


def topic_extras(request, board, topic):
    """Slow-mode notice for everyone; the tools link, notes count and timed close for moderators."""
    extras = {"slow_mode_notice": slowmode.notice(board, topic)}
    # The author of a post in crisis sees where to get help, at once (annotated by with_tool_state).
    extras["author_in_crisis"] = getattr(topic, "tool_author_crisis", False)
    if policy.is_moderator(request.user, board):
        extras["topic_tools_url"] = reverse("modtools:topic", args=[topic.pk])
        extras["topic_notes"] = list(
            TopicNote.objects.filter(topic=topic).select_related("author__member")[:3]
        )
    return extras


# Reach out and crisis cases ----------------------------------------------------------------------


def _post_for(request, post_id):
    _check_id(post_id)
    post = Post.objects.select_related("topic", "board", "author__member").filter(pk=post_id).first()
    if post is None:
        raise Http404("No such post")
    if not policy.is_moderator(request.user, post.board):
        raise PermissionDenied("You do not moderate this board.")
    return post


def reach_out(request, post_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        post = _post_for(request, post_id)
    except PermissionDenied as error:
        return _forbidden(request, str(error))
    form = MessageToMemberForm(request.POST or None, initial={"message": crisis.reply_template(post)})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                case = crisis.reach_out(request.user, post, form.cleaned_data["message"])
            except audit.ActionRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Your message was emailed to {post.author_name}.")
                return redirect(
                    reverse("modtools:crisis_case", args=[case.pk])
                    if case
                    else reverse("moderation:post", args=[post.pk])
                )
        status = 400
    case = CrisisCase.objects.filter(post=post, closed_at__isnull=True).first()
    return render(
        request, "forums/modtools/reach_out.html", {"post": post, "form": form, "case": case}, status=status
    )


def _case_for(request, case_id):
    _check_id(case_id)
    case = (
        CrisisCase.objects.select_related(
            "post__topic",
            "post__author__member",
            "board",
            "report__reporter__member",
            "acknowledged_by__member",
            "contacted_by__member",
            "closed_by__member",
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404("No such crisis case")
    if not policy.may_handle_crisis(request.user, case):
        raise PermissionDenied("You do not moderate this board.")
    return case


def crisis_case(request, case_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        case = _case_for(request, case_id)
    except PermissionDenied as error:
        return _forbidden(request, str(error))
    log = ModerationAction.objects.filter(
        target_type="post",
        target_id=case.post_id,
        action__in=[
            ActionKind.CRISIS_OPEN,
            ActionKind.CRISIS_ACK,
            ActionKind.CRISIS_ESCALATE,
            ActionKind.REACH_OUT,
            ActionKind.CRISIS_CLOSE,
            ActionKind.HIDE,
        ],
        created_at__gte=case.opened_at,
    ).order_by("created_at", "pk")[:100]
    return render(
        request,
        "forums/modtools/crisis_case.html",
        {"case": case, "post": case.post, "log": log, "outcome_form": OutcomeForm()},
    )


def crisis_acknowledge(request, case_id):
    refusal = _post_only(request)
    if refusal:
        return refusal
    try:
        case = crisis.acknowledge(request.user, _case_for(request, case_id))
    except PermissionDenied as error:
        return _forbidden(request, str(error))
    messages.success(request, "You acknowledged the case: escalation stops. Now reach out to the member.")
    return redirect("modtools:crisis_case", case.pk)


def crisis_close(request, case_id):
    refusal = _post_only(request)
    if refusal:
        return refusal
    form = OutcomeForm(request.POST)
    try:
        case = _case_for(request, case_id)
        if not form.is_valid():
            return _error(request, form)
        crisis.close(request.user, case, form.cleaned_data["outcome"])
    except PermissionDenied as error:
        return _forbidden(request, str(error))
    except audit.ActionRefused as error:
        return _error(request, str(error), status=409)
    messages.success(request, "Crisis case closed.")
    return redirect("modtools:crisis_case", case.pk)


def crisis_dashboard(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not policy.may_see_crisis_dashboard(request.user):
        return _forbidden(request, "Only lead moderators can see the crisis dashboard.")
    form = CrisisDashboardForm(request.GET or None)
    days = form.cleaned_data["days"] if form.is_valid() and form.cleaned_data["days"] else 30
    return render(
        request,
        "forums/modtools/crisis_dashboard.html",
        {"form": form, "stats": crisis.dashboard(days)},
        status=200 if not form.is_bound or form.is_valid() else 400,
    )


# Topic tools ---------------------------------------------------------------------------------


def _topic_for(request, topic_id):
    _check_id(topic_id)
    topic = Topic.objects.select_related("board").filter(pk=topic_id).first()
    if topic is None:
        raise Http404("No such topic")
    if not policy.is_moderator(request.user, topic.board):
        raise PermissionDenied("You do not moderate this board.")
    return topic


def topic_tools(request, topic_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        topic = _topic_for(request, topic_id)
    except PermissionDenied as error:
        return _forbidden(request, str(error))
    replies = (
        Post.objects.filter(topic=topic, is_first=False)
        .exclude(status=Status.DELETED)
        .select_related("author__member")
        .order_by("created_at", "pk")
    )
    page_obj, elided = paginate(request, replies, SPLIT_PER_PAGE, on_each_side=2, on_ends=1)
    return render(
        request,
        "forums/modtools/topic_tools.html",
        {
            "topic": topic,
            "board": topic.board,
            "page_obj": page_obj,
            "elided_range": elided,
            "slow_mode": getattr(topic, "slow_mode", None) if hasattr(topic, "slow_mode") else None,
            "board_slow_mode": slowmode.active_slow_mode(topic.board),
            "schedule": getattr(topic, "schedule", None) if hasattr(topic, "schedule") else None,
            "notes": TopicNote.objects.filter(topic=topic).select_related("author__member")[:50],
            "slow_form": SlowModeForm(),
            "close_form": CloseAtForm(),
            "note_form": NoteForm(),
            "split_form": SplitForm(),
        },
    )


def topic_tool_action(request, topic_id, action):
    refusal = _post_only(request)
    if refusal:
        return refusal
    if action not in {"slow-mode", "slow-mode-off", "close-at", "note", "split"}:
        raise Http404("No such action")
    try:
        topic = _topic_for(request, topic_id)
    except PermissionDenied as error:
        return _forbidden(request, str(error))
    back = reverse("modtools:topic", args=[topic.pk])
    try:
        if action == "slow-mode":
            form = SlowModeForm(request.POST)
            if not form.is_valid():
                return _error(request, form)
            topic_actions.set_slow_mode(
                request.user,
                form.cleaned_data["minutes"],
                form.cleaned_data["reason"],
                form.ends_at(),
                topic=topic,
            )
            messages.success(request, "Slow mode is on for this topic.")
        elif action == "slow-mode-off":
            topic_actions.end_slow_mode(request.user, topic=topic)
            messages.success(request, "Slow mode is off for this topic.")
        elif action == "close-at":
            form = CloseAtForm(request.POST)
            if not form.is_valid():
                return _error(request, form)
            close_at = form.close_at()
            topic_actions.schedule_close(request.user, topic, close_at, form.cleaned_data["close_reason"])
            messages.success(request, f"The topic will close on {slowmode.eastern(close_at)}.")
        elif action == "note":
            form = NoteForm(request.POST)
            if not form.is_valid():
                return _error(request, form)
            topic_actions.add_topic_note(request.user, topic, form.cleaned_data["text"])
            messages.success(request, "Note added.")
        else:
            form = SplitForm(request.POST)
            if not form.is_valid():
                return _error(request, form)
            new_topic = topic_actions.split(
                request.user,
                topic,
                form.cleaned_data["posts"],
                form.cleaned_data["title"],
                form.cleaned_data["reason"],
            )
            messages.success(request, f"The selected replies are now the topic “{new_topic.title}”.")
            return redirect(new_topic.get_url(request))
    except PermissionDenied as error:
        return _forbidden(request, str(error))
    except audit.ActionRefused as error:
        return _error(request, str(error), status=409)
    return redirect(back)


def board_slow_mode(request, board_id):
    refusal = _post_only(request)
    if refusal:
        return refusal
    _check_id(board_id)
    board = BoardPage.objects.filter(pk=board_id).first()
    if board is None:
        raise Http404("No such board")
    if not policy.is_moderator(request.user, board):
        return _forbidden(request)
    try:
        if request.POST.get("off") == "1":
            topic_actions.end_slow_mode(request.user, board=board)
            messages.success(request, f"Slow mode is off on {board.title}.")
        else:
            form = SlowModeForm(request.POST)
            if not form.is_valid():
                return _error(request, form)
            topic_actions.set_slow_mode(
                request.user,
                form.cleaned_data["minutes"],
                form.cleaned_data["reason"],
                form.ends_at(),
                board=board,
            )
            messages.success(request, f"Slow mode is on for the whole board {board.title}.")
    except audit.ActionRefused as error:
        return _error(request, str(error), status=409)
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith("/moderation/")
        else "moderation:queue"
    )


# Members -------------------------------------------------------------------------------------


def _member_for(request, member_id):
    _check_id(member_id)
    member = Member.objects.select_related("user").filter(pk=member_id).first()
    if member is None:
        raise Http404("No such member")
    policy.require_member_access(request.user, member)
    return member


def member_history(request, member_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not policy.may_see_moderator_dashboard(request.user):
        return _forbidden(request, "Only message-board moderators can see this page.")
    try:
        member = _member_for(request, member_id)
    except PermissionDenied as error:
        return _forbidden(request, str(error))
    form = NoteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            appeals.add_note(request.user, member, form.cleaned_data["text"])
            messages.success(request, "Note added. Only moderators see it.")
            return redirect("modtools:member", member.pk)
        status = 400
    return render(
        request,
        "forums/modtools/member_history.html",
        {
            **appeals.history(request.user, member),
            "form": form,
            "is_lead": policy.is_lead_moderator(request.user),
        },
        status=status,
    )


# Appeals -------------------------------------------------------------------------------------


def appeal_post(request, post_id):
    """A member appeals the rejection of their post (once)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _check_id(post_id)
    post = Post.objects.select_related("topic", "board").filter(pk=post_id, author=request.user).first()
    if post is None:
        raise Http404("No such post")
    existing = Appeal.objects.filter(post=post, member__user=request.user).first()
    context = {"post": post, "appeal": existing, **_rejected_context(post.board, post.topic, post)}
    if existing or not policy.may_appeal_post(request.user, post):
        return render(request, "forums/modtools/appeal.html", {**context, "closed": True})
    form = AppealForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                appeals.appeal_post(request.user, post, form.cleaned_data["text"])
            except appeals.AlreadyAppealed:
                return render(request, "forums/modtools/appeal.html", {**context, "closed": True})
            except audit.ActionRefused as error:
                form.add_error(None, str(error))
            else:
                return render(request, "forums/modtools/appeal_sent.html", context)
        status = 400
    return render(request, "forums/modtools/appeal.html", {**context, "form": form}, status=status)


def appeal_suspension(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    member = policy.member_of(request.user)
    if member is None or not policy.may_appeal_suspension(member):
        return render(request, "forums/modtools/appeal.html", {"not_suspended": True, "closed": True})
    action = appeals.suspension_action(member)
    existing = Appeal.objects.filter(member=member, action=action).first() if action else None
    context = {"member": member, "suspension": policy.suspension_message(member), "appeal": existing}
    if existing:
        return render(request, "forums/modtools/appeal.html", {**context, "closed": True})
    form = AppealForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                appeals.appeal_suspension(member, form.cleaned_data["text"])
            except appeals.AlreadyAppealed:
                return render(request, "forums/modtools/appeal.html", {**context, "closed": True})
            except audit.ActionRefused as error:
                form.add_error(None, str(error))
            else:
                return render(request, "forums/modtools/appeal_sent.html", context)
        status = 400
    return render(request, "forums/modtools/appeal.html", {**context, "form": form}, status=status)


def appeals_queue(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not policy.may_decide_appeals(request.user):
        return _forbidden(request, "Only lead moderators decide appeals.")
    page_obj, elided = paginate(
        request,
        appeals.open_appeals().order_by("created_at", "pk"),
        APPEALS_PER_PAGE,
        on_each_side=2,
        on_ends=1,
    )
    return render(
        request,
        "forums/modtools/appeals.html",
        {"page_obj": page_obj, "elided_range": elided, "decision_form": AppealDecisionForm()},
    )


def appeal_decide(request, appeal_id):
    refusal = _post_only(request)
    if refusal:
        return refusal
    if not policy.may_decide_appeals(request.user):
        return _forbidden(request, "Only lead moderators decide appeals.")
    _check_id(appeal_id)
    appeal = Appeal.objects.filter(pk=appeal_id).first()
    if appeal is None:
        raise Http404("No such appeal")
    form = AppealDecisionForm(request.POST)
    if not form.is_valid():
        return _error(request, form)
    try:
        appeals.decide(
            request.user, appeal, form.cleaned_data["decision"] == "grant", form.cleaned_data["response"]
        )
    except PermissionDenied as error:
        return _forbidden(request, str(error))
    except audit.ActionRefused as error:
        return _error(request, str(error), status=409)
    messages.success(request, "Appeal decided; the member was emailed your answer.")
    return redirect("modtools:appeals")


# Dashboard and guide ---------------------------------------------------------------------------


def moderator_dashboard(request, as_csv=False):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    board_ids = policy.moderated_board_ids(request.user)
    if not board_ids:
        return _forbidden(request, "Only message-board moderators can see this page.")
    form = DashboardForm(request.GET or None)
    days = form.cleaned_data["days"] if form.is_valid() and form.cleaned_data["days"] else 7
    stats = dashboard.stats(board_ids, days)
    if as_csv:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="moderation-dashboard-{days}-days.csv"'
        writer = csv.writer(response)
        for row in dashboard.csv_rows(stats):
            writer.writerow(row)
        return response
    return render(
        request,
        "forums/modtools/dashboard.html",
        {"form": form, "stats": stats, "days": days, "is_lead": policy.is_lead_moderator(request.user)},
    )


def moderator_dashboard_csv(request):
    return moderator_dashboard(request, as_csv=True)


def guide(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not policy.may_see_moderator_dashboard(request.user):
        return _forbidden(request, "The moderator's guide is for message-board moderators.")
    return render(
        request,
        "forums/modtools/guide.html",
        {"config": crisis.settings_for_default_site(), "now": timezone.now(), "AppealStatus": AppealStatus},
    )
