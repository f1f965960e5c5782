"""Topic tools (moderator tools): slow mode on a topic or a whole board, a timed close,
moderators' notes on a topic, and splitting replies into a new topic."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.pagination import paginate
from forums import audit, policy, slowmode, topic_actions
from forums.forms_modtools import CloseAtForm, NoteForm, SlowModeForm, SplitForm
from forums.models import BoardPage, Post, Status
from forums.modtools_models import TopicNote
from forums.view_helpers import (
    NOT_YOUR_BOARD,
    check_id,
    error_page,
    forbidden,
    moderator_topic_view,
    moderator_view,
)

SPLIT_PER_PAGE = 50


@moderator_topic_view()
def topic_tools(request, topic):
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


@moderator_topic_view(action=True, actions={"slow-mode", "slow-mode-off", "close-at", "note", "split"})
def topic_tool_action(request, topic, action):
    back = reverse("modtools:topic", args=[topic.pk])
    try:
        if action == "slow-mode":
            form = SlowModeForm(request.POST)
            if not form.is_valid():
                return error_page(request, form)
            topic_actions.set_slow_mode(
                request.user,
                form.cleaned_data["minutes"],
                form.cleaned_data["reason"],
                form.ends_at(),
                topic=topic,
            )
            messages.success(request, _("Slow mode is on for this topic."))
        elif action == "slow-mode-off":
            topic_actions.end_slow_mode(request.user, topic=topic)
            messages.success(request, _("Slow mode is off for this topic."))
        elif action == "close-at":
            form = CloseAtForm(request.POST)
            if not form.is_valid():
                return error_page(request, form)
            close_at = form.close_at()
            topic_actions.schedule_close(request.user, topic, close_at, form.cleaned_data["close_reason"])
            messages.success(
                request, _("The topic will close on %(when)s.") % {"when": slowmode.eastern(close_at)}
            )
        elif action == "note":
            form = NoteForm(request.POST)
            if not form.is_valid():
                return error_page(request, form)
            topic_actions.add_topic_note(request.user, topic, form.cleaned_data["text"])
            messages.success(request, _("Note added."))
        else:
            form = SplitForm(request.POST)
            if not form.is_valid():
                return error_page(request, form)
            new_topic = topic_actions.split(
                request.user,
                topic,
                form.cleaned_data["posts"],
                form.cleaned_data["title"],
                form.cleaned_data["reason"],
            )
            messages.success(
                request, _("The selected replies are now the topic “%(title)s”.") % {"title": new_topic.title}
            )
            return redirect(new_topic.get_url(request))
    except PermissionDenied as error:
        return forbidden(request, str(error))
    except audit.ActionRefused as error:
        return error_page(request, str(error), status=409)
    return redirect(back)


def _board_for(request, board_id):
    check_id(board_id)
    board = BoardPage.objects.filter(pk=board_id).first()
    if board is None:
        raise Http404("No such board")
    if not policy.is_moderator(request.user, board):
        raise PermissionDenied(NOT_YOUR_BOARD)
    return board


@moderator_view(_board_for, "board_id", action=True)
def board_slow_mode(request, board):
    try:
        if request.POST.get("off") == "1":
            topic_actions.end_slow_mode(request.user, board=board)
            messages.success(request, _("Slow mode is off on %(board)s.") % {"board": board.title})
        else:
            form = SlowModeForm(request.POST)
            if not form.is_valid():
                return error_page(request, form)
            topic_actions.set_slow_mode(
                request.user,
                form.cleaned_data["minutes"],
                form.cleaned_data["reason"],
                form.ends_at(),
                board=board,
            )
            messages.success(
                request, _("Slow mode is on for the whole board %(board)s.") % {"board": board.title}
            )
    except audit.ActionRefused as error:
        return error_page(request, str(error), status=409)
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith("/moderation/")
        else "moderation:queue"
    )
