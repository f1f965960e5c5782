"""A member's own pages: profile, joining, a member's public page, the data export, account
deletion and the one-click unsubscribe links of notification emails."""

import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from forums import member_profile, policy
from forums.forms import DeleteAccountForm, JoinForm, ProfileForm
from forums.models import BoardPage, BoardWatch, Member, Post, ProfileVisibility, Status, Topic, TopicWatch
from forums.notifications import read_unsubscribe_token
from forums.privacy import delete_account, export_member_data
from forums.view_helpers import check_id


@login_required
def profile(request):
    member = policy.member_of(request.user)
    if member is None:
        return redirect("forums:join")
    form = ProfileForm(request.POST or None, instance=member)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile is saved."))
            return redirect("forums:profile")
        status = 400
    return render(
        request,
        "forums/profile.html",
        {
            "member": member,
            "form": form,
            "post_count": Post.objects.filter(author=request.user, status=Status.VISIBLE).count(),
            **_watched(request.user),
            "suspension": policy.suspension_message(member),
            "is_moderator": policy.is_any_moderator(request.user),
        },
        status=status,
    )


def _watched(user):
    """The topics and boards the member watches that they may still read now: a topic since
    hidden, removed or deleted, or a board since closed to them, is left out."""
    readable = policy.readable_board_ids(user)
    return {
        "watched_topics": TopicWatch.objects.filter(
            user=user, topic__status=Status.VISIBLE, topic__board_id__in=readable
        )
        .select_related("topic__board")
        .order_by("-topic__last_post_at")[:50],
        "watched_boards": BoardWatch.objects.filter(user=user, board_id__in=readable).select_related("board"),
    }


@login_required
def join(request):
    """Accounts made outside sign-up (e.g. editors) create their member profile here."""
    if policy.member_of(request.user) is not None:
        return redirect("forums:profile")
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.create_member(request.user)
        messages.success(request, _("Welcome to the message boards."))
        target = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        return redirect("forums:profile")
    return render(
        request, "forums/join.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


def member_detail(request, member_id):
    check_id(member_id)
    member = get_object_or_404(Member.objects.select_related("user"), pk=member_id, user__is_active=True)
    if member.profile_visibility != ProfileVisibility.PUBLIC and not request.user.is_authenticated:
        return render(request, "forums/member_private.html", {"member": member}, status=403)
    readable = policy.readable_board_ids(request.user)
    recent = (
        Post.objects.filter(
            author=member.user, status=Status.VISIBLE, topic__status=Status.VISIBLE, board_id__in=readable
        )
        .select_related("topic", "board")
        .order_by("-created_at")[:10]
    )
    return render(
        request,
        "forums/member_detail.html",
        {
            "member": member,
            "post_count": Post.objects.filter(
                author=member.user, status=Status.VISIBLE, board_id__in=readable
            ).count(),
            "recent_posts": recent,
            **member_profile.member_page_extras(request.user, member),
        },
    )


@login_required
@reauthentication_required  # a copy of everything they wrote: ask for the password again
@require_http_methods(["GET", "POST"])
def export_data(request):
    if request.method == "GET":
        return render(request, "forums/export.html", {})
    data = export_member_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="my-message-board-data.json"'
    return response


@login_required
@reauthentication_required  # cannot be undone: ask for the password again
@require_http_methods(["GET", "POST"])
def delete_account_view(request):
    if request.user.is_staff or request.user.is_superuser:
        # Editors' accounts also run the CMS; an administrator removes them in the Wagtail admin.
        return render(request, "forums/delete_account.html", {"staff": True}, status=403)
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(user, form.cleaned_data["posts"])
        return render(request, "forums/account_deleted.html", {})
    return render(
        request,
        "forums/delete_account.html",
        {
            "form": form,
            "post_count": Post.objects.filter(author=request.user).exclude(status=Status.DELETED).count(),
        },
        status=400 if request.method == "POST" else 200,
    )


# RFC 8058: a mail client's one-click POST carries this body; our page's button sends it too.
ONE_CLICK = ("List-Unsubscribe", "One-Click")


def _unsubscribe_target(token):
    """(context, status) for a token: the watch it names, or why it cannot be used."""
    try:
        user_id, kind, object_id = read_unsubscribe_token(token)
    except signing.SignatureExpired:
        return {"expired": True}, 400
    except signing.BadSignature:
        return {"invalid": True}, 400
    model, field = (TopicWatch, "topic_id") if kind == "topic" else (BoardWatch, "board_id")
    target = (Topic if kind == "topic" else BoardPage).objects.filter(pk=object_id).first()
    watch = {"model": model, "fields": {"user_id": user_id, field: object_id}}
    return {"kind": kind, "target": target, "token": token, "watch": watch}, 200


@csrf_exempt  # mail clients POST here without a session or CSRF token (RFC 8058); the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows one button and changes nothing (mail scanners follow links); a one-click POST
    (from a mail client, or that button) stops the emails and offers to undo it."""
    context, status = _unsubscribe_target(token)
    if status != 200:
        return render(request, "forums/unsubscribe.html", context, status=status)
    if request.method == "GET":
        return render(request, "forums/unsubscribe.html", {**context, "confirm": True})
    if request.POST.get(ONE_CLICK[0]) != ONE_CLICK[1]:
        return render(request, "forums/unsubscribe.html", {**context, "confirm": True}, status=400)
    watch = context.pop("watch")
    watch["model"].objects.filter(**watch["fields"]).delete()
    return render(request, "forums/unsubscribe.html", {**context, "unsubscribed": True})


@require_http_methods(["POST"])
def unsubscribe_undo(request, token):
    """ "Undo" from our own page: CSRF-protected like every other form, so no other site can
    sign a member back up for emails."""
    context, status = _unsubscribe_target(token)
    if status != 200:
        return render(request, "forums/unsubscribe.html", context, status=status)
    watch = context.pop("watch")
    if context["target"] is not None:  # a topic or board deleted since cannot be watched again
        watch["model"].objects.get_or_create(**watch["fields"])
    return render(request, "forums/unsubscribe.html", {**context, "resubscribed": True})
