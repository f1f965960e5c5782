"""Crisis cases and "Reach out" (moderator tools): the case page, its actions (one view
driven by a table) and the lead moderators' crisis dashboard."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forums import audit, crisis, crisis_outreach, policy
from forums.forms_modtools import CrisisDashboardForm, MessageToMemberForm, OutcomeForm
from forums.models import ActionKind, ModerationAction
from forums.modtools_models import CrisisCase
from forums.view_helpers import (
    NOT_YOUR_BOARD,
    check_id,
    error_page,
    forbidden,
    moderator_page,
    moderator_post_view,
    moderator_view,
)


def _case_for(request, case_id):
    check_id(case_id)
    case = (
        CrisisCase.objects.select_related(
            "post__topic",
            "post__author__member",
            "board",
            "report__reporter__member",
            "message__author__member",
            "message_report",
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
        raise PermissionDenied(NOT_YOUR_BOARD)
    return case


def moderator_case_view(**options):
    """`moderator_view` for a page or action on one crisis case (the URL's `case_id`)."""
    return moderator_view(_case_for, "case_id", **options)


@moderator_post_view()
def reach_out(request, post):
    form = MessageToMemberForm(request.POST or None, initial={"message": crisis.reply_template(post)})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                case = crisis_outreach.reach_out(request.user, post, form.cleaned_data["message"])
            except audit.ActionRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Your message was emailed to %(name)s.") % {"name": post.author_name}
                )
                return redirect(
                    reverse("modtools:crisis_case", args=[case.pk])
                    if case
                    else reverse("moderation:post", args=[post.pk])
                )
        status = 400
    case = CrisisCase.objects.filter(post=post, closed_at__isnull=True).first()
    return render(
        request,
        "forums/modtools/reach_out.html",
        {"post": post, "author_name": post.author_name, "form": form, "case": case},
        status=status,
    )


@moderator_case_view()
def reach_out_about_message(request, case):
    """Reach out from a private message's crisis case (lead moderators). The form does not show
    the message: reading it goes through the report review, which is logged."""
    if case.message_id is None:
        return redirect("modtools:reach_out", case.post_id)
    if case.closed_at is not None:
        return error_page(request, _("This crisis case is already closed."), status=409)
    message = case.message
    form = MessageToMemberForm(request.POST or None, initial={"message": crisis.reply_template(message)})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                crisis_outreach.reach_out_about_message(request.user, case, form.cleaned_data["message"])
            except audit.ActionRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Your message was emailed to %(name)s.") % {"name": message.author_name}
                )
                return redirect("modtools:crisis_case", case.pk)
        status = 400
    return render(
        request,
        "forums/modtools/reach_out.html",
        {"post": None, "author_name": message.author_name, "form": form, "case": case},
        status=status,
    )


@moderator_case_view()
def crisis_case(request, case):
    log = ModerationAction.objects.filter(
        target_type="post" if case.post_id else "message",
        target_id=case.post_id or case.message_id,
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


CRISIS_ACTIONS = {
    # name: (form class or None, domain call (moderator, case, cleaned data), success message)
    "acknowledge": (
        None,
        lambda moderator, case, data: crisis.acknowledge(moderator, case),
        gettext_lazy("You acknowledged the case: escalation stops. Now reach out to the member."),
    ),
    "close": (
        OutcomeForm,
        lambda moderator, case, data: crisis.close(moderator, case, data["outcome"]),
        gettext_lazy("Crisis case closed."),
    ),
}


@moderator_case_view(action=True, actions=CRISIS_ACTIONS)
def crisis_action(request, case, action):
    """POST one of CRISIS_ACTIONS on a case: 404 for an unknown case, 403 for a board the user
    does not moderate, 400 with the form's errors, 409 when the case no longer allows it."""
    form_class, run, success = CRISIS_ACTIONS[action]
    try:
        form = form_class(request.POST) if form_class else None
        if form is not None and not form.is_valid():
            return error_page(request, form)
        run(request.user, case, form.cleaned_data if form else {})
    except PermissionDenied as error:
        return forbidden(request, str(error))
    except audit.ActionRefused as error:
        return error_page(request, str(error), status=409)
    messages.success(request, success)
    return redirect("modtools:crisis_case", case.pk)


@moderator_page(
    policy.may_see_crisis_dashboard, gettext_lazy("Only lead moderators can see the crisis dashboard.")
)
def crisis_dashboard(request):
    form = CrisisDashboardForm(request.GET or None)
    days = form.cleaned_data["days"] if form.is_valid() and form.cleaned_data["days"] else 30
    return render(
        request,
        "forums/modtools/crisis_dashboard.html",
        {"form": form, "stats": crisis.dashboard(days)},
        status=200 if not form.is_bound or form.is_valid() else 400,
    )
