"""Member pages: notifications, preferences and per-watch frequency, optional
profile fields, saved posts, "Latest" and "New since my last visit", reactions, bookmarks and
the mention autocomplete. Thin views: forms in forums.member_forms, rules in forums.policy."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.pagination import paginate
from forums import mentions, notifications_center, policy, reactions
from forums.member_forms import PreferencesForm, ProfileDetailsForm, WatchFrequencyForm
from forums.member_models import Bookmark, MemberPreferences, MemberProfile, WatchFrequency
from forums.models import BoardWatch, ForumSettings, Post, Status, TopicWatch
from forums.view_helpers import check_id

NOTIFICATIONS_PER_PAGE = 30
LATEST_PER_PAGE = 25
VISIT_GAP = timezone.timedelta(hours=1)


def _member_or_join(request):
    member = policy.member_of(request.user)
    if member is None:
        return None, redirect(f"/members/join/?next={request.get_full_path()}")
    return member, None


def _back(request, default):
    target = request.POST.get("next", "")
    is_local_path = target.startswith("/") and not target.startswith("//")
    if is_local_path and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    member, refusal = _member_or_join(request)
    if refusal:
        return refusal
    if request.method == "POST":
        notifications_center.mark_all_read(request.user)
        flash.success(request, _("All notifications are marked as read."))
        return redirect("forums:notifications")
    page_obj, elided = paginate(
        request, notifications_center.notifications_for(request.user), NOTIFICATIONS_PER_PAGE
    )
    return render(
        request,
        "forums/notifications.html",
        {"member": member, "page_obj": page_obj, "elided_range": elided},
    )


def _preferences(member):
    return MemberPreferences.objects.get_or_create(member=member)[0]


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    member, refusal = _member_or_join(request)
    if refusal:
        return refusal
    form = PreferencesForm(request.POST or None, instance=_preferences(member))
    if request.method == "POST" and form.is_valid():
        form.save()
        flash.success(request, _("Your message and email choices are saved."))
        return redirect("forums:preferences")
    overrides = {(w.kind, w.object_id): w.frequency for w in WatchFrequency.objects.filter(user=request.user)}
    watches = [
        {"kind": "board", "id": w.board_id, "title": w.board.title, "url": w.board.url}
        for w in BoardWatch.objects.filter(user=request.user).select_related("board")
    ] + [
        {"kind": "topic", "id": w.topic_id, "title": w.topic.title, "url": w.topic.url}
        for w in TopicWatch.objects.filter(user=request.user)
        .select_related("topic__board")
        .order_by("-topic__last_post_at")[:50]
    ]
    for watch in watches:
        watch["frequency"] = overrides.get((watch["kind"], watch["id"]), "")
    return render(
        request,
        "forums/preferences.html",
        {
            "member": member,
            "form": form,
            "watches": watches,
            "frequencies": WatchFrequencyForm.base_fields["frequency"].choices,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def watch_frequency(request):
    form = WatchFrequencyForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "forums/messages/refused.html",
            {"reason": _("Choose how often, for a topic or board you watch.")},
            status=400,
        )
    kind, object_id, frequency = (form.cleaned_data[k] for k in ("kind", "object_id", "frequency"))
    model, field = (TopicWatch, "topic_id") if kind == "topic" else (BoardWatch, "board_id")
    if not model.objects.filter(user=request.user, **{field: object_id}).exists():
        raise Http404("You do not watch this")
    WatchFrequency.objects.update_or_create(
        user=request.user, kind=kind, object_id=object_id, defaults={"frequency": frequency}
    )
    flash.success(request, _("Saved how often you hear about it."))
    return redirect("forums:preferences")


@login_required
@require_http_methods(["GET", "POST"])
def profile_details(request):
    member, refusal = _member_or_join(request)
    if refusal:
        return refusal
    details = MemberProfile.objects.get_or_create(member=member)[0]
    form = ProfileDetailsForm(request.POST or None, instance=details)
    if request.method == "POST" and form.is_valid():
        form.save()
        flash.success(request, _("Your profile details are saved."))
        return redirect("forums:profile_details")
    return render(
        request,
        "forums/profile_details.html",
        {"member": member, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def bookmarks(request):
    member, refusal = _member_or_join(request)
    if refusal:
        return refusal
    readable = policy.readable_board_ids(request.user)
    saved = (
        Bookmark.objects.filter(
            user=request.user,
            post__status=Status.VISIBLE,
            post__topic__status=Status.VISIBLE,
            post__board_id__in=readable,
        )
        .select_related("post__topic", "post__board", "post__author__member")
        .order_by("-created_at", "-pk")
    )
    page_obj, elided = paginate(request, saved, LATEST_PER_PAGE)
    return render(
        request, "forums/bookmarks.html", {"member": member, "page_obj": page_obj, "elided_range": elided}
    )


def _roll_visit(request, member):
    """Start of "New since my last visit": the previous visit, rolled once per session."""
    prefs = _preferences(member)
    now = timezone.now()
    if not request.session.get("forums_visit_rolled"):
        if prefs.last_visit_at is None or now - prefs.last_visit_at > VISIT_GAP:
            prefs.previous_visit_at = prefs.last_visit_at or member.created_at
        prefs.last_visit_at = now
        prefs.save(update_fields=["previous_visit_at", "last_visit_at"])
        request.session["forums_visit_rolled"] = True
    return prefs.previous_visit_at or member.created_at


def latest(request):
    """Newest visible posts on every board the reader may read; `?new=1`: since the last visit."""
    readable = policy.readable_board_ids(request.user)
    posts = Post.objects.filter(status=Status.VISIBLE, topic__status=Status.VISIBLE, board_id__in=readable)
    member = policy.member_of(request.user)
    only_new = request.GET.get("new") == "1" and member is not None
    since = None
    if member is not None:
        since = _roll_visit(request, member)
    if only_new:
        posts = posts.filter(created_at__gt=since).exclude(author=request.user)
    posts = posts.select_related("topic", "board", "author__member").order_by("-created_at", "-pk")
    page_obj, elided = paginate(request, posts, LATEST_PER_PAGE)
    return render(
        request,
        "forums/latest.html",
        {
            "member": member,
            "page_obj": page_obj,
            "elided_range": elided,
            "only_new": only_new,
            "since": since,
        },
    )


@login_required
@require_GET
def mention_names(request):
    if policy.member_of(request.user) is None:
        return JsonResponse({"names": []}, status=403)
    return JsonResponse({"names": mentions.names_starting_with(request.GET.get("q", ""))})


def _post_for_action(request, post_id):
    check_id(post_id)
    post = (
        Post.objects.select_related("topic", "board")
        .filter(pk=post_id, status=Status.VISIBLE, topic__status=Status.VISIBLE)
        .first()
    )
    if post is None or not policy.can_read_board(request.user, post.board):
        raise Http404("No such post")
    return post


@login_required
@require_POST
def react(request, post_id):
    post = _post_for_action(request, post_id)
    labels = ForumSettings.for_request(request).reaction_labels()
    try:
        added = reactions.toggle_reaction(request.user, post, request.POST.get("reaction", "")[:40], labels)
    except reactions.ReactionRefused as refused:
        return render(request, "forums/messages/refused.html", {"reason": str(refused)}, status=403)
    flash.success(request, _("Thank you for your support.") if added else _("Your reaction is taken back."))
    return _back(request, post.url)


@login_required
@require_POST
def bookmark(request, post_id):
    post = _post_for_action(request, post_id)
    try:
        saved = reactions.toggle_bookmark(request.user, post)
    except reactions.ReactionRefused as refused:
        return render(request, "forums/messages/refused.html", {"reason": str(refused)}, status=403)
    flash.success(request, _("Saved to your saved posts.") if saved else _("Removed from your saved posts."))
    return _back(request, post.url)


@csrf_exempt  # mail clients POST here without a CSRF token (RFC 8058); the signed token is the proof
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request, token):
    """GET shows a page with a button; POST (that button, or a mail client's one-click) stops digests."""
    try:
        user_id = notifications_center.read_digest_unsubscribe_token(token)
    except signing.BadSignature as error:  # SignatureExpired included: the page says which
        next_url = reverse("forums:preferences")
        context = {
            "login_url": f"{reverse('account_login')}?{urlencode({'next': next_url})}",
            "expired": isinstance(error, signing.SignatureExpired),
            "invalid": not isinstance(error, signing.SignatureExpired),
            "days": notifications_center.digest_unsubscribe_max_age().days,
        }
        return render(request, "forums/digest_unsubscribe.html", context, status=400)
    if request.method == "POST":
        notifications_center.turn_off_digests(user_id)
        return render(request, "forums/digest_unsubscribe.html", {"done": True})
    return render(request, "forums/digest_unsubscribe.html", {"token": token})
