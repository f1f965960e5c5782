"""Member history and moderators' notes on a member, and appeals: a member appeals a
rejected post or a suspension; lead moderators decide (moderator tools)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.pagination import paginate
from forums import appeals, audit, policy
from forums.forms_modtools import AppealDecisionForm, AppealForm, NoteForm
from forums.models import Member, Post
from forums.modtools_models import Appeal
from forums.view_helpers import check_id, error_page, forbidden, moderator_page, moderator_view
from forums.views_modtools import rejected_context

APPEALS_PER_PAGE = 20


def _member_for(request, member_id):
    if not policy.may_see_moderator_dashboard(request.user):
        raise PermissionDenied(_("Only message-board moderators can see this page."))
    check_id(member_id)
    member = Member.objects.select_related("user").filter(pk=member_id).first()
    if member is None:
        raise Http404("No such member")
    policy.require_member_access(request.user, member)
    return member


@moderator_view(_member_for, "member_id")
def member_history(request, member):
    form = NoteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            appeals.add_note(request.user, member, form.cleaned_data["text"])
            messages.success(request, _("Note added. Only moderators see it."))
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
    check_id(post_id)
    post = Post.objects.select_related("topic", "board").filter(pk=post_id, author=request.user).first()
    if post is None:
        raise Http404("No such post")
    existing = Appeal.objects.filter(post=post, member__user=request.user).first()
    context = {"post": post, "appeal": existing, **rejected_context(post.board, post.topic, post)}
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


@moderator_page(policy.may_decide_appeals, gettext_lazy("Only lead moderators decide appeals."))
def appeals_queue(request):
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


def _appeal_for(request, appeal_id):
    if not policy.may_decide_appeals(request.user):
        raise PermissionDenied(_("Only lead moderators decide appeals."))
    check_id(appeal_id)
    appeal = Appeal.objects.filter(pk=appeal_id).first()
    if appeal is None:
        raise Http404("No such appeal")
    return appeal


@moderator_view(_appeal_for, "appeal_id", action=True)
def appeal_decide(request, appeal):
    form = AppealDecisionForm(request.POST)
    if not form.is_valid():
        return error_page(request, form)
    try:
        appeals.decide(
            request.user, appeal, form.cleaned_data["decision"] == "grant", form.cleaned_data["response"]
        )
    except PermissionDenied as error:
        return forbidden(request, str(error))
    except audit.ActionRefused as error:
        return error_page(request, str(error), status=409)
    messages.success(request, _("Appeal decided; the member was emailed your answer."))
    return redirect("modtools:appeals")
