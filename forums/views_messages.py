"""Private messages and blocking. Thin views: forms in forums.member_forms, rules in
forums.member_policy, work in forums.messages."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.pagination import paginate
from forums import message_reports, policy, ratelimit, screening
from forums import messages as pm
from forums.forms import ReportForm
from forums.member_forms import MessageReplyForm, NewConversationForm
from forums.member_models import Conversation, MemberBlock, Message, MessageReport, MessageStatus
from forums.models import ForumSettings, Member, ReportStatus
from forums.policy import MessagingRefused
from forums.view_helpers import RATE_LIMITED_MESSAGE
from forums.view_helpers import check_id as _check_id
from forums.views_board_actions import REPORTS_LIMITED

CONVERSATIONS_PER_PAGE = 20
MESSAGES_PER_PAGE = 30
# Set when a sent message used a "crisis" watched word: the conversation page then shows the
# sender where to get help, once.
CRISIS_HELP_SESSION_KEY = "forums_pm_crisis_help"


def _member_or_join(request):
    member = policy.member_of(request.user)
    if member is None:
        return None, redirect(f"/members/join/?next={request.get_full_path()}")
    return member, None


def _rate_ok(request, member):
    config = ForumSettings.for_request(request)
    limit = config.new_member_posts_per_window if screening.is_new_member(member) else config.posts_per_window
    return ratelimit.hit("message", request.user.pk, limit, config.rate_window_minutes * 60)


@login_required
def conversation_list(request):
    member, refusal = _member_or_join(request)
    if refusal:
        return refusal
    page_obj, elided = paginate(request, pm.conversations_for(request.user), CONVERSATIONS_PER_PAGE)
    return render(
        request,
        "forums/messages/list.html",
        {"member": member, "page_obj": page_obj, "elided_range": elided},
    )


def _sent(request, message, url):
    """After a send: say what happened (delivered, rewritten, held) and, when a crisis word
    was used, show the sender where to get help on the next page."""
    result = message.screening
    if result.held:
        flash.info(
            request,
            _(
                "Thank you. Your message is waiting for a moderator's review: the other people in "
                "the conversation will see it once it is approved."
            ),
        )
    else:
        flash.success(request, _("Your message is sent."))
    if result.rewritten:
        flash.info(request, _("Some words were changed to follow the community guidelines."))
    if result.crisis:
        request.session[CRISIS_HELP_SESSION_KEY] = message.conversation_id
    return redirect(url)


def _already_sent(request, url):
    """The same form sent again (double click, or a retry after an error page hid the answer):
    show what the first send saved instead of sending it twice or refusing it as a duplicate."""
    flash.info(request, _("We had already received this message: here it is."))
    return redirect(url)


def _send_once(request, form, member, send, url_for):
    """Send a valid message form, once per form rendering. Returns a redirect, or the status to
    re-render the form with (its errors added, everything typed kept)."""
    user = request.user
    token = form.cleaned_data["submission_token"]
    saved = pm.sent_message(user, token)
    if saved:
        return _already_sent(request, url_for(saved))
    status = 400
    if pm.is_duplicate(user, form.cleaned_data["message"]):
        form.add_error("message", _("You already sent this message. Change it or open your conversation."))
    elif not _rate_ok(request, member):
        form.add_error(None, RATE_LIMITED_MESSAGE)
        status = 429
    else:
        try:
            message = send(token)
        except pm.AlreadySent as repeat:
            return _already_sent(request, url_for(repeat.message))
        except MessagingRefused as refused:
            form.add_error(None, str(refused))
            status = 403
        else:
            return _sent(request, message, url_for(message))
    if saved := pm.sent_message(user, token):  # a simultaneous first send committed meanwhile
        return _already_sent(request, url_for(saved))
    return status


@login_required
@require_http_methods(["GET", "POST"])
def new_conversation(request):
    member, refusal = _member_or_join(request)
    if refusal:
        return refusal
    initial = {}
    to_id = request.GET.get("to", "")
    if request.method == "GET" and to_id.isdigit() and len(to_id) < 19:
        recipient = Member.objects.filter(pk=int(to_id), user__is_active=True).first()
        if recipient:
            initial["to"] = recipient.display_name
    form = NewConversationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data

            def send(token):
                conversation, message = pm.start_conversation(
                    request.user, form.recipients, data["subject"], data["message"], submission_token=token
                )
                return message

            sent = _send_once(request, form, member, send, lambda m: pm.conversation_url(m.conversation))
            if not isinstance(sent, int):
                return sent
            status = sent
    return render(request, "forums/messages/new.html", {"form": form, "member": member}, status=status)


def _conversation_or_404(request, conversation_id):
    _check_id(conversation_id)
    conversation = (
        Conversation.objects.filter(pk=conversation_id).prefetch_related("participants__user__member").first()
    )
    if (
        conversation is None
        or not policy.may_read_conversation(request.user, conversation)
        or not pm.has_messages_for(request.user, conversation)
    ):
        raise Http404("No such conversation")
    return conversation


@login_required
@require_http_methods(["GET", "POST"])
def conversation_detail(request, conversation_id):
    member, refusal = _member_or_join(request)
    if refusal:
        return refusal
    conversation = _conversation_or_404(request, conversation_id)
    form = MessageReplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            body = form.cleaned_data["message"]
            sent = _send_once(
                request,
                form,
                member,
                lambda token: pm.reply(conversation, request.user, body, submission_token=token),
                lambda m: f"{pm.conversation_url(conversation)}?page=last#reply",
            )
            if not isinstance(sent, int):
                return sent
            status = sent
    can_reply = None
    try:
        policy.check_can_reply(request.user, conversation)
        can_reply = True
    except MessagingRefused as refused:
        can_reply = str(refused)
    # Newest messages by default: the last page, unless a page is asked for.
    page_obj, elided = paginate(
        request,
        pm.messages_of(conversation, request.user),
        MESSAGES_PER_PAGE,
        on_each_side=2,
        on_ends=1,
        last_by_default=True,
    )
    crisis_help = False
    if request.method == "GET":
        pm.mark_read(conversation, request.user)
        crisis_help = request.session.pop(CRISIS_HELP_SESSION_KEY, None) == conversation.pk
    blocked = set(MemberBlock.objects.filter(blocker=request.user).values_list("blocked_id", flat=True))
    people = [p for p in conversation.participants.all() if p.user_id != request.user.pk]
    return render(
        request,
        "forums/messages/conversation.html",
        {
            "member": member,
            "conversation": conversation,
            "people": people,
            "page_obj": page_obj,
            "elided_range": elided,
            "form": form,
            "can_reply": can_reply,
            "blocked_ids": blocked,
            "crisis_help": crisis_help,
        },
        status=status,
    )


@login_required
@require_POST
def leave_conversation(request, conversation_id):
    conversation = _conversation_or_404(request, conversation_id)
    pm.leave(conversation, request.user)
    flash.success(
        request,
        _("You left “%(subject)s”. It is no longer in your list.") % {"subject": conversation.subject},
    )
    return redirect("forums:conversations")


@login_required
@require_http_methods(["GET", "POST"])
def report_message(request, message_id):
    _check_id(message_id)
    message = (
        Message.objects.filter(pk=message_id, status=MessageStatus.VISIBLE)
        .select_related("conversation", "author__member")
        .first()
    )
    if message is None or not policy.may_read_conversation(request.user, message.conversation):
        raise Http404("No such message")
    context = {"message": message, "conversation": message.conversation}
    if not policy.may_report_message(request.user, message):
        return render(
            request,
            "forums/messages/refused.html",
            {**context, "reason": _("You cannot report your own message.")},
            status=403,
        )
    if MessageReport.objects.filter(message=message, reporter=request.user).exists():
        return render(request, "forums/messages/report_received.html", {**context, "already": True})
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            config = ForumSettings.for_request(request)
            if not ratelimit.hit("report", request.user.pk, config.reports_per_hour, 3600):
                form.add_error(None, REPORTS_LIMITED)
                status = 429
            else:
                try:
                    report = message_reports.report_message(
                        request.user, message, form.cleaned_data["reason"], form.cleaned_data["details"]
                    )
                except message_reports.AlreadyReported:
                    return render(
                        request, "forums/messages/report_received.html", {**context, "already": True}
                    )
                return render(request, "forums/messages/report_received.html", {**context, "report": report})
    return render(request, "forums/messages/report_form.html", {**context, "form": form}, status=status)


@login_required
@require_POST
def block_member(request, member_id):
    _check_id(member_id)
    other = get_object_or_404(Member.objects.select_related("user"), pk=member_id)
    if not policy.may_block(request.user, other):
        return render(
            request,
            "forums/messages/refused.html",
            {
                "reason": _(
                    "You cannot block yourself or a moderator. If a moderator upset you, report the post."
                )
            },
            status=403,
        )
    if request.POST.get("block") == "1":
        MemberBlock.objects.get_or_create(blocker=request.user, blocked=other.user)
        flash.success(
            request,
            _(
                "You blocked %(name)s. They cannot message you and their posts are collapsed for you. "
                "They are not told."
            )
            % {"name": other.display_name},
        )
    else:
        MemberBlock.objects.filter(blocker=request.user, blocked=other.user).delete()
        flash.success(request, _("You unblocked %(name)s.") % {"name": other.display_name})
    return redirect("forums:member", other.pk)


# Lead moderators ------------------------------------------------------------------------------

DECISIONS = {
    "deliver": _lazy("The message is delivered."),
    "refuse": _lazy("The message will not be delivered; its author is told."),
    "hide": _lazy("The message is hidden."),
    "dismiss": _lazy("The report is dismissed."),
}


@login_required
@require_http_methods(["GET", "POST"])
def message_report_review(request, report_id):
    """Read the conversation behind a report (logged every time), then hide or dismiss."""
    _check_id(report_id)
    if not policy.may_review_message_reports(request.user):
        return render(
            request,
            "forums/moderation/forbidden.html",
            {"message": _("Only lead moderators review reported private messages.")},
            status=403,
        )
    report = get_object_or_404(
        MessageReport.objects.select_related(
            "message__conversation", "message__author__member", "reporter__member"
        ),
        pk=report_id,
    )
    held = report.message.status == MessageStatus.HELD
    if request.method == "POST":
        action = request.POST.get("action")
        # A held message is delivered or refused; a delivered one is hidden or left as it is.
        choices = {"deliver": False, "refuse": True} if held else {"hide": True, "dismiss": False}
        if action in DECISIONS and report.status != ReportStatus.OPEN:
            flash.info(request, _("This report was already decided."))  # a double click, another tab
            return redirect("moderation:queue")
        if action not in choices:
            return render(
                request,
                "forums/moderation/action_error.html",
                {
                    "message": _("Choose to deliver the message or not.")
                    if held
                    else _("Choose to hide the message or dismiss the report.")
                },
                status=400,
            )
        try:
            message_reports.resolve_report(
                request.user, report, choices[action], request.POST.get("reason", "")[:1000]
            )
        except PermissionDenied:
            return render(
                request, "forums/moderation/forbidden.html", {"message": _("Not allowed.")}, status=403
            )
        except message_reports.AlreadyDecided:  # another lead, another tab or a double click decided first
            flash.info(request, _("This report was already decided."))
            return redirect("moderation:queue")
        flash.success(request, DECISIONS[action])
        return redirect("moderation:queue")
    thread = list(message_reports.read_reported_conversation(request.user, report)[:200])
    return render(
        request,
        "forums/moderation/message_report.html",
        {"report": report, "thread": thread, "conversation": report.message.conversation, "held": held},
    )
