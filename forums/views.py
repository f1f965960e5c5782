"""Board sub-pages (registered for BoardPage's routes with `board_route`, which applies the
read/sign-in/member guard from forums.policy once) and member pages. Views stay thin: parse
with a form, call forums.posting / forums.privacy, render."""

import json
import re
from functools import wraps

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.pagination import paginate
from core.text import clean_query
from forums import member_profile, policy, posting, ratelimit, reactions, reports, routes, views_modtools
from forums.forms import (
    DeleteAccountForm,
    EditFirstPostForm,
    EditPostForm,
    JoinForm,
    ProfileForm,
    ReplyForm,
    ReportForm,
    TopicForm,
)
from forums.markup import quote_for_reply
from forums.models import (
    BoardPage,
    BoardWatch,
    ForumSettings,
    Member,
    Post,
    ProfileVisibility,
    Report,
    Status,
    Topic,
    TopicRead,
    TopicWatch,
)
from forums.notifications import read_unsubscribe_token
from forums.privacy import delete_account, export_member_data
from forums.screening import is_new_member
from forums.search import search_posts

RATE_LIMITED_MESSAGE = (
    "You have posted a lot in a short time, so we have paused posting for a few minutes to protect "
    "the boards from spam. Your message is still below: wait a little, then send it again."
)


# Helpers ------------------------------------------------------------------------------------


def _board_context(request, board, **extra):
    context = board.get_context(request)
    context.update(extra)
    return context


def _members_only(request, board):
    return render(
        request,
        "forums/members_only.html",
        _board_context(
            request,
            board,
            unverified=request.user.is_authenticated and not policy.is_verified_account(request.user),
        ),
        status=403,
    )


def board_route(name, *, login=False, member=False, methods=None):
    """Register `view` for BoardPage's route `name` behind the one guard every board sub-page
    passes: the HTTP method, reading the board (forums.policy; Wagtail's page serving has
    already applied the page's view restrictions), then sign-in and a member profile when the
    route needs them. The view still asks the policy about its own action (post, edit, ...)."""

    def decorate(view):
        @wraps(view)
        def guarded(request, board, *args):
            if methods and request.method not in methods:
                return HttpResponseNotAllowed(methods)
            user = request.user
            if not policy.can_read_board(user, board, page_view_checked=True):
                return _members_only(request, board)
            if login and not user.is_authenticated:
                return redirect_to_login(_login_next(request, board, methods))
            if member and policy.member_of(user) is None:
                return redirect(f"{reverse('forums:join')}?next={request.get_full_path()}")
            return view(request, board, *args)

        routes.register(name, guarded)
        return guarded

    return decorate


def _login_next(request, board, methods):
    # A POST-only route has nothing to show after signing in: come back to the board.
    return board.url if methods == ["POST"] else request.get_full_path()


MAX_ID = 2**63 - 1  # BigAutoField; larger numbers in a URL would overflow the query


def _check_id(value):
    if not 0 < value <= MAX_ID:
        raise Http404("No such item")
    return value


def _topic_or_404(request, board, topic_id):
    _check_id(topic_id)
    statuses = Q(status=Status.VISIBLE)
    if policy.is_moderator(request.user, board):
        statuses |= Q(status__in=[Status.HELD, Status.HIDDEN])
    elif request.user.is_authenticated:
        statuses |= Q(status=Status.HELD, author=request.user)
    topic = views_modtools.with_tool_state(
        Topic.objects.filter(statuses, board=board, pk=topic_id), request.user
    )
    topic = topic.first()
    if topic is None:
        raise Http404("No such topic")
    topic.board = board  # reuse the page we already have
    return topic


def _post_or_404(board, post_id):
    _check_id(post_id)
    post = (
        Post.objects.select_related("topic")
        .filter(pk=post_id, board=board)
        .exclude(status__in=[Status.DELETED, Status.REMOVED])
        .exclude(topic__status__in=[Status.DELETED, Status.REMOVED])
        .first()
    )
    if post is None:
        raise Http404("No such post")
    post.topic.board = board
    return post


def _refusal(request, board, reason, status=403):
    return render(
        request, "forums/cannot_post.html", _board_context(request, board, reason=reason), status=status
    )


def _posting_rate_ok(request, member):
    config = ForumSettings.for_request(request)
    is_new = is_new_member(member, config=config)
    limit = config.new_member_posts_per_window if is_new else config.posts_per_window
    return ratelimit.hit("post", request.user.pk, limit, config.rate_window_minutes * 60)


def _guard_posting(request, board, topic=None):
    """None when the user may post here (forums.policy), else the response to send: a POST
    comes back as its form with the typed text and the reason, so nothing typed is lost."""
    reason = policy.posting_refusal(request.user, board, topic)
    if not reason:
        return None
    if request.method != "POST":
        return _refusal(request, board, reason)
    if topic is None:
        form, template, extra = TopicForm(request.POST), "forums/topic_form.html", {}
    else:
        form, template, extra = ReplyForm(request.POST), "forums/reply_form.html", {"topic": topic}
    form.is_valid()
    form.add_error(None, reason)
    return render(request, template, _board_context(request, board, form=form, **extra), status=403)


# Board pages --------------------------------------------------------------------------------


@board_route("board")
def board(request, board):
    topics = (
        Topic.objects.filter(board=board, status=Status.VISIBLE)
        .select_related("author__member", "last_post__author__member")
        .order_by("-is_pinned", "-last_post_at", "-pk")
    )
    page_obj, elided = paginate(request, topics, board.TOPICS_PER_PAGE, on_each_side=2, on_ends=1)
    rows = list(page_obj.object_list)
    member = policy.member_of(request.user)
    watching = False
    if member:
        reads = dict(
            TopicRead.objects.filter(user=request.user, topic__in=[t.pk for t in rows]).values_list(
                "topic_id", "read_at"
            )
        )
        for topic in rows:
            read_at = reads.get(topic.pk)
            topic.is_unread = (
                topic.last_post_at > read_at if read_at else topic.last_post_at > member.created_at
            )
        watching = BoardWatch.objects.filter(user=request.user, board=board).exists()
    page_obj.object_list = rows
    return render(
        request,
        "forums/board_page.html",
        _board_context(
            request,
            board,
            page_obj=page_obj,
            elided_range=elided,
            member=member,
            can_watch=policy.can_watch(request.user, board, page_view_checked=True),
            watching=watching,
        ),
    )


@board_route("search")
def board_search(request, board):
    query, truncated = clean_query(request.GET.get("q", ""))
    page_obj, elided = None, []
    if query:
        results = search_posts(request.user, query, board=board)
        page_obj, elided = paginate(
            request, results, settings.SEARCH_RESULTS_PER_PAGE, on_each_side=2, on_ends=1
        )
    return render(
        request,
        "forums/board_search.html",
        _board_context(
            request,
            board,
            search_query=query,
            board_query=query,
            truncated=truncated,
            page_obj=page_obj,
            elided_range=elided,
        ),
    )


def _submission_refused(request, form, member):
    """Form errors for a repeated message or a member over the posting limit.

    Returns the HTTP status to answer with, or None when the message may be posted."""
    if posting.is_duplicate(request.user, form.cleaned_data["message"]):
        form.add_error("message", "You already posted this message. Change it or go back to your post.")
        return 200
    if not _posting_rate_ok(request, member):
        form.add_error(None, RATE_LIMITED_MESSAGE)
        return 429
    return None


def _already_saved(request, board, post):
    """A form sent again (double click, or a retry after an error page hid the first answer):
    show what the first send saved instead of saving it twice or refusing it as a duplicate."""
    messages.info(request, "We had already received this message: here it is.")
    if post.board_id == board.pk:
        post.board = post.topic.board = board
    if post.is_first:
        return redirect(post.topic.get_url(request))
    return redirect(_post_url(post.board, post.topic, post))


@board_route("new_topic", login=True, member=True)
def new_topic(request, board):
    refusal = _guard_posting(request, board)
    if refusal:
        return refusal
    member = request.user.member
    form = TopicForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["submission_token"]
        saved = posting.submitted_post(request.user, token)
        if saved:
            return _already_saved(request, board, saved)
        refused = views_modtools.blocked_refusal(form, board) or _submission_refused(request, form, member)
        if refused and (saved := posting.submitted_post(request.user, token)):
            return _already_saved(request, board, saved)  # the first send committed meanwhile
        if refused:
            status = refused
        else:
            try:
                topic, post = posting.start_topic(
                    board, member, form.cleaned_data["title"], form.cleaned_data["message"], token
                )
            except posting.AlreadySubmitted as repeat:
                return _already_saved(request, board, repeat.post)
            if post.status == Status.HELD:
                messages.info(
                    request, "Thank you. Your topic is awaiting review by a moderator before others see it."
                )
            else:
                messages.success(request, "Your topic is posted.")
            return redirect(topic.get_url(request))
    elif request.method == "POST":
        status = 400
    return render(request, "forums/topic_form.html", _board_context(request, board, form=form), status=status)


@board_route("topic")
def topic_detail(request, board, topic_id):
    try:
        topic = _topic_or_404(request, board, topic_id)
    except Http404:  # a moved topic's old address, or a rejected topic seen by its author
        return views_modtools.missing_topic(request, board, topic_id)
    posts = (
        Post.objects.filter(topic=topic)
        .filter(policy.visible_posts_filter(request.user, board) | Q(status=Status.DELETED))
        .select_related("author__member")
        .order_by("created_at", "pk")
    )
    labels = ForumSettings.for_request(request).reaction_labels()  # reactions, saved posts, blocks
    posts = reactions.annotate_for_reader(posts, request.user, labels)
    page_obj, elided = paginate(request, posts, board.POSTS_PER_PAGE, on_each_side=2, on_ends=1)
    page_obj.object_list = reactions.topic_decorations(request.user, list(page_obj.object_list), labels)
    user = request.user
    member = policy.member_of(user)
    watching = False
    can_reply = None
    if member:
        watching = TopicWatch.objects.filter(user=user, topic=topic).exists()
        posting.mark_read(user, topic)
        can_reply = policy.posting_refusal(user, board, topic) or True
    rows = list(page_obj.object_list)
    for post in rows:  # context flags for the template, from the policy
        post.board, post.topic = board, topic
        post.can_edit = policy.can_edit_post(user, post, page_view_checked=True)
        post.can_delete = policy.can_delete_post(user, post, page_view_checked=True)
        post.can_report = (
            post.status == Status.VISIBLE
            and topic.status == Status.VISIBLE
            and policy.can_report(user, post, page_view_checked=True)
        )
    page_obj.object_list = rows
    return render(
        request,
        "forums/topic.html",
        _board_context(
            request,
            board,
            topic=topic,
            topic_subpath=board.reverse_subpage("topic", args=[topic.pk]),
            page_obj=page_obj,
            elided_range=elided,
            member=member,
            can_watch=policy.can_watch(user, board, page_view_checked=True),
            watching=watching,
            can_reply=can_reply,
            reply_form=ReplyForm() if can_reply is True else None,
            is_moderator=policy.is_moderator(user, board),
            **views_modtools.topic_extras(request, board, topic),
        ),
    )


@board_route("reply", login=True, member=True)
def reply(request, board, topic_id):
    topic = _topic_or_404(request, board, topic_id)
    refusal = _guard_posting(request, board, topic)
    if refusal:
        return refusal
    member = request.user.member
    initial = {}
    quote_id = request.GET.get("quote", "")
    if request.method == "GET" and re.fullmatch(r"[0-9]{1,18}", quote_id):
        quoted = (
            Post.objects.filter(pk=int(quote_id), topic=topic, status=Status.VISIBLE)
            .select_related("author__member")
            .first()
        )
        if quoted:
            initial["message"] = quote_for_reply(quoted.author_name, quoted.body)
    form = ReplyForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["submission_token"]
        saved = posting.submitted_post(request.user, token)
        if saved:
            return _already_saved(request, board, saved)
        refused = views_modtools.blocked_refusal(form, board) or _submission_refused(request, form, member)
        if refused and (saved := posting.submitted_post(request.user, token)):
            return _already_saved(request, board, saved)  # the first send committed meanwhile
        if refused:
            status = refused
        else:
            try:
                post = posting.reply_to(topic, member, form.cleaned_data["message"], token)
            except posting.AlreadySubmitted as repeat:
                return _already_saved(request, board, repeat.post)
            if post.status == Status.HELD:
                messages.info(
                    request, "Thank you. Your reply is awaiting review by a moderator before others see it."
                )
            else:
                messages.success(request, "Your reply is posted.")
            return redirect(_post_url(board, topic, post))
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "forums/reply_form.html",
        _board_context(request, board, topic=topic, form=form),
        status=status,
    )


def _post_url(board, topic, post):
    """Link to the page of the topic holding `post`."""
    before = Post.objects.filter(topic=topic, status__in=[Status.VISIBLE, Status.DELETED]).filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    )
    number = before.count() // board.POSTS_PER_PAGE + 1
    url = board.url + board.reverse_subpage("topic", args=[topic.pk])
    return f"{url}?page={number}#post-{post.pk}" if number > 1 else f"{url}#post-{post.pk}"


@board_route("post")
def post_link(request, board, post_id):
    post = _post_or_404(board, post_id)
    topic = _topic_or_404(request, board, post.topic_id)
    if not Post.objects.filter(policy.visible_posts_filter(request.user, board), pk=post.pk).exists():
        raise Http404("No such post")
    return redirect(_post_url(board, topic, post))


@board_route("post_edit", login=True)
def post_edit(request, board, post_id):
    post = _post_or_404(board, post_id)
    post.board = board
    user = request.user
    if not (post.author_id == user.pk and post.status in (Status.VISIBLE, Status.HELD)):
        return _refusal(request, board, "You can only edit your own posts.")
    form_class = EditFirstPostForm if post.is_first else EditPostForm
    initial = {"message": post.pending_body or post.body, "title": post.pending_title or post.topic.title}
    form = form_class(request.POST or None, initial=initial)
    refusal = policy.edit_refusal(user, post)
    status = 200
    if request.method == "POST" and form.is_valid():
        # Every refusal keeps the form and the typed text (issue 12, item 15).
        if refusal:
            form.add_error(None, refusal)
            status = 403
        elif blocked := views_modtools.blocked_refusal(form, board):
            status = blocked
        elif posting.is_duplicate(user, form.cleaned_data["message"], exclude_pk=post.pk):
            form.add_error("message", "You already posted this message. Change it or go back to your post.")
        elif not _posting_rate_ok(request, user.member):
            form.add_error(None, RATE_LIMITED_MESSAGE)
            status = 429
        else:
            outcome = posting.author_edit(
                post, user.member, form.cleaned_data["message"], title=form.cleaned_data.get("title")
            )
            if outcome == posting.EDIT_PENDING:
                messages.info(
                    request,
                    "Thank you. Your edit is awaiting review by a moderator; until then others see "
                    "your post as it was.",
                )
            else:
                messages.success(request, "Your post is updated.")
            return redirect(_post_url(board, post.topic, post))
    elif request.method == "POST":
        status = 400
    elif refusal:
        return _refusal(request, board, refusal)
    return render(
        request,
        "forums/post_edit.html",
        _board_context(request, board, topic=post.topic, post=post, form=form),
        status=status,
    )


@board_route("post_delete", login=True)
def post_delete(request, board, post_id):
    post = _post_or_404(board, post_id)
    post.board = board
    if not policy.can_delete_post(request.user, post, page_view_checked=True):
        return _refusal(request, board, "You can only delete your own posts.")
    if request.method == "POST":
        topic = posting.delete_post(post)
        messages.success(request, "Your post is deleted.")
        if topic.status == Status.DELETED:
            return redirect(board.url)
        return redirect(topic.get_url(request))
    return render(
        request, "forums/post_delete.html", _board_context(request, board, topic=post.topic, post=post)
    )


@board_route("post_history", login=True)
def post_history(request, board, post_id):
    post = _post_or_404(board, post_id)
    post.board = board
    if not policy.can_see_history(request.user, post):
        return _refusal(request, board, "Only the author and moderators can see a post's edit history.")
    revisions = post.revisions.select_related("edited_by__member")
    return render(
        request,
        "forums/post_history.html",
        _board_context(request, board, topic=post.topic, post=post, revisions=revisions),
    )


REPORTS_LIMITED = (
    "You have sent a lot of reports in the last hour, so we have paused reporting for a while. "
    "If someone is in danger right now, call 911."
)


@board_route("post_report", login=True, member=True)
def post_report(request, board, post_id):
    """A member reports a post. A crisis report shows crisis resources straight away."""
    post = _post_or_404(board, post_id)
    post.board = board
    if post.status != Status.VISIBLE or post.topic.status != Status.VISIBLE:
        raise Http404("No such post")
    refusal = policy.report_refusal(request.user, post)
    if refusal:
        return _refusal(request, board, refusal)
    context = _board_context(request, board, topic=post.topic, post=post)
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
        return _refusal(request, board, "Confirm your email address and join the message boards to watch.")
    return None


@board_route("topic_watch", login=True, methods=["POST"])
def topic_watch(request, board, topic_id):
    refusal = _watch_refusal(request, board)
    if refusal:
        return refusal
    topic = _topic_or_404(request, board, topic_id)
    watch = request.POST.get("watch") == "1"
    posting.toggle_topic_watch(request.user, topic, watch)
    messages.success(
        request, "You will get an email about new replies." if watch else "You stopped watching this topic."
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
        "You will get an email about new posts on this board."
        if watch
        else "You stopped watching this board.",
    )
    return redirect(board.url)


# Member pages -------------------------------------------------------------------------------


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
            messages.success(request, "Your profile is saved.")
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
        messages.success(request, "Welcome to the message boards.")
        target = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        return redirect("forums:profile")
    return render(
        request, "forums/join.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


def member_detail(request, member_id):
    _check_id(member_id)
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
            **member_profile.member_page_extras(request.user, member),  # issue 16
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
