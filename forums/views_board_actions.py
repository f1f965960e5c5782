"""What a member does to a board's content besides posting: report a post, watch a topic or
a board (BoardPage's routes, guarded by `board_route`)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forums import policy, posting, ratelimit, reports
from forums.forms import ReportForm
from forums.models import ForumSettings, Report, Status
from forums.view_helpers import board_context, board_route, post_or_404, refusal_page, topic_or_404

REPORTS_LIMITED = gettext_lazy(
    "You have sent a lot of reports in the last hour, so we have paused reporting for a while. "
    "If someone is in danger right now, call 911."
)


@board_route("post_report", login=True, member=True)
def post_report(request, board, post_id):
    """A member reports a post. A crisis report shows crisis resources straight away."""
    post = post_or_404(board, post_id)
    post.board = board
    if post.status != Status.VISIBLE or post.topic.status != Status.VISIBLE:
        raise Http404("No such post")
    refusal = policy.report_refusal(request.user, post)
    if refusal:
        return refusal_page(request, board, refusal)
    context = board_context(request, board, topic=post.topic, post=post)
    if Report.objects.filter(post=post, reporter=request.user).exists():
        return render(request, "forums/report_received.html", {**context, "already": True})
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        config = ForumSettings.for_request(request)
        if not ratelimit.hit("report", request.user.pk, config.reports_per_hour, 3600):
            form.add_error(None, REPORTS_LIMITED)
            status = 429
        else:
            try:
                report = reports.report_post(
                    request.user, post, form.cleaned_data["reason"], form.cleaned_data["details"]
                )
            except reports.AlreadyReported:
                return render(request, "forums/report_received.html", {**context, "already": True})
            return render(request, "forums/report_received.html", {**context, "report": report})
    elif request.method == "POST":
        status = 400
    return render(request, "forums/report_form.html", {**context, "form": form}, status=status)


def _watch_refusal(request, board):
    if not policy.can_watch(request.user, board, page_view_checked=True):
        return refusal_page(
            request, board, _("Confirm your email address and join the message boards to watch.")
        )
    return None


@board_route("topic_watch", login=True, methods=["POST"])
def topic_watch(request, board, topic_id):
    refusal = _watch_refusal(request, board)
    if refusal:
        return refusal
    topic = topic_or_404(request, board, topic_id)
    watch = request.POST.get("watch") == "1"
    posting.toggle_topic_watch(request.user, topic, watch)
    messages.success(
        request,
        _("You will get an email about new replies.") if watch else _("You stopped watching this topic."),
    )
    return redirect(topic.get_url(request))


@board_route("watch", login=True, methods=["POST"])
def board_watch(request, board):
    refusal = _watch_refusal(request, board)
    if refusal:
        return refusal
    watch = request.POST.get("watch") == "1"
    posting.toggle_board_watch(request.user, board, watch)
    messages.success(
        request,
        _("You will get an email about new posts on this board.")
        if watch
        else _("You stopped watching this board."),
    )
    return redirect(board.url)
