"""Views of the moderator tools: the moderator dashboard and guide, and the hooks the board
views call (blocked words, moved and rejected topics, the topic page's tool state). The other
tools have their own modules: forums.views_crisis (crisis cases and "Reach out"),
forums.views_topic_tools (slow mode, timed close, notes, split) and forums.views_appeals
(member history and notes, appeals).

Thin: parse a form, ask forums.policy, call the domain function, render. This module
does not import forums.views (which imports it).
"""

import csv

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forums import crisis, dashboard, policy, slowmode, watched_words
from forums.forms_modtools import DashboardForm
from forums.models import ActionKind, ModerationAction, Post, Status, Topic
from forums.modtools_models import Appeal, AppealStatus, TopicNote
from forums.view_helpers import forbidden, moderator_page

# Hooks called from the board views ------------------------------------------------------------


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
                request, "forums/modtools/rejected_topic.html", rejected_context(board, topic, post)
            )
    raise Http404("No such topic")


def rejected_context(board, topic, post):
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


# Dashboard and guide ---------------------------------------------------------------------------


def moderator_dashboard(request, as_csv=False):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    board_ids = policy.moderated_board_ids(request.user)
    if not board_ids:
        return forbidden(request, _("Only message-board moderators can see this page."))
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


@moderator_page(
    policy.may_see_moderator_dashboard, gettext_lazy("The moderator's guide is for message-board moderators.")
)
def guide(request):
    return render(
        request,
        "forums/modtools/guide.html",
        {"config": crisis.settings_for_default_site(), "now": timezone.now(), "AppealStatus": AppealStatus},
    )
